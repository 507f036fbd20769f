import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/ops-worker.js';
import { historyFromCliJson } from './history-json.js';

const HISTORY = fileURLToPath(new URL('../fixtures/histories/hand-approve-checklist.json', import.meta.url));

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('workflow bundle', () => {
  it('bundles workflows/ as the worker does, and the bundle runs a recorded run to its end', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    const history = historyFromCliJson(JSON.parse(readFileSync(HISTORY, 'utf8')) as unknown);
    // Replaying re-executes the interpreter from the bundle: a missing export or a broken import fails here.
    await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history, 'hand-approve-checklist')).resolves.toBeUndefined();
    // Workflow code stays lean: no schema library, markdown parser or ledger storage is pulled into the sandbox.
    for (const heavy of ['ZodObject', 'remark-parse', 'micromark', 'GroupCommitWriter', 'node:crypto']) expect(code).not.toContain(heavy);
  });

  it('refuses workflow code that imports a Node built-in', async () => {
    // Inside the project, so the bundler resolves @temporalio/workflow as it would for workflows/.
    const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'swaybot-bundle-'));
    try {
      // Plain JS: the bundler's TypeScript loader skips node_modules, where this file sits.
      const path = join(dir, 'bad-workflows.mjs');
      writeFileSync(path, "import { readFileSync } from 'node:fs';\nexport async function bad() { return readFileSync('/etc/hostname', 'utf8'); }\n");
      const said: string[] = [];
      const logger = { ...quiet, error: (m: string) => void said.push(m), warn: (m: string) => void said.push(m) };
      await expect(bundleWorkflowCode({ workflowsPath: path, logger })).rejects.toThrow(/Webpack finished with errors/);
      expect(said.join('\n')).toMatch(/ERROR in node:fs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
