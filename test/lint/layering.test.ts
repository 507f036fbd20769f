/**
 * The layering check of `npm run lint` (.dependency-cruiser.cjs) on a small tree
 * with one wrong arrow of each kind the architecture forbids, and on the real tree.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

/** Runs the project's rules over `paths` under `baseDir`; returns "rule: from → to" per violation. */
async function violations(baseDir: string, paths: string[]): Promise<string[]> {
  const { tsConfig: _projectOnly, ...options } = config.options ?? {};
  const { output } = await cruise(paths, { ...options, baseDir, ruleSet: { forbidden: config.forbidden ?? [] }, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

const tree = mkdtempSync(join(tmpdir(), 'swaybot-layers-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function file(path: string, text: string): void {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

describe('layering check', () => {
  it('fails on hardware/ → devstack/, compiler/ → activities/ and on an import cycle', async () => {
    file('devstack/drill.ts', 'export const drill = 1;\n');
    file('activities/log.ts', 'export const log = 1;\n');
    file('hardware/bmc.ts', "import { drill } from '../devstack/drill.js';\nexport const bmc = drill;\n");
    file('compiler/compile.ts', "import { log } from '../activities/log.js';\nexport const compile = log;\n");
    file('ledger/a.ts', "import { b } from './b.js';\nexport const a = (): number => b();\n");
    file('ledger/b.ts', "import { a } from './a.js';\nexport const b = (): number => a();\n");
    file('plan/types.ts', 'export type Plan = { id: string };\n');
    file('expr/ok.ts', "import type { Plan } from '../plan/types.js';\nexport const ok = (p: Plan): string => p.id;\n");
    const found = await violations(tree, ['devstack', 'activities', 'hardware', 'compiler', 'ledger', 'plan', 'expr']);
    expect(found).toContain('production-never-imports-devstack: hardware/bmc.ts → devstack/drill.ts');
    expect(found).toContain('domain-stays-below: compiler/compile.ts → activities/log.ts');
    expect(found.filter((v) => v.startsWith('no-cycle:'))).toEqual([expect.stringMatching(/^no-cycle: ledger\/(a|b)\.ts → ledger\/(a|b)\.ts$/)]);
    expect(found).toContain('domain-stays-below: hardware/bmc.ts → devstack/drill.ts');
    expect(found).toHaveLength(4);
    // The allowed arrow (expr → plan) is not reported.
    expect(found.filter((v) => v.includes('expr/'))).toEqual([]);
  });

  it('finds no wrong arrow in the project itself', async () => {
    const folders = ['actions', 'activities', 'bin', 'cli', 'client', 'compiler', 'config', 'devstack', 'errors', 'events', 'expr', 'hardware', 'json', 'ledger', 'plan', 'workers', 'workflows'];
    expect(await violations(ROOT, folders)).toEqual([]);
  });
});
