import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/ops-worker.js';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('workflow bundle', () => {
  it('bundles workflows/ for the sandbox, exporting runbookWorkflow', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
    expect(code).toContain('runbookWorkflow');
    expect(code.length).toBeGreaterThan(10_000);
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
