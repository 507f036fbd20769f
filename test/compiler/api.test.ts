/**
 * The compiler's public surface: determinism and the plan hash, compiling
 * from disk, custom catalogues, programmer misuse, and the Mermaid view.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinActions, Catalogue } from '../../actions/index.js';
import { canonicalJson, compilePaths, compileRunbook, hashPlan, planToMermaid } from '../../compiler/index.js';

const runbook = `---
params:
  baseUrl: http://127.0.0.1:8787
approvers: [sre]
---
# Demo

## Check "health" <now>

\`\`\`swaybot
action: http.request
with:
  url: "{{ params.baseUrl }}/health"
as: health
\`\`\`

## Drain | carefully

\`\`\`swaybot
action: http.request
with:
  url: "{{ params.baseUrl }}/drain"
  method: POST
when: health.body.status == 'degraded'
approval:
  onTimeout: skip
compensate:
  action: http.request
  with:
    url: "{{ params.baseUrl }}/undrain"
    method: POST
\`\`\`

## Confirm

- [ ] dashboards are green
`;

describe('determinism and hash', () => {
  it('compiles the same input to byte-identical JSON, hash included', () => {
    const a = compileRunbook(runbook, { path: 'demo.md' }).plan;
    const b = compileRunbook(runbook, { path: 'demo.md' }).plan;
    expect(a).toBeDefined();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the plan without its hash, independent of key order', () => {
    const { plan } = compileRunbook(runbook, { path: 'demo.md' });
    const { hash, ...rest } = plan!;
    expect(hashPlan(rest)).toBe(hash);
    const reversed = Object.fromEntries(Object.entries(rest).reverse()) as typeof rest;
    expect(hashPlan(reversed)).toBe(hash);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined }] })).toBe('{"a":[{"d":1}],"b":1}');
  });

  it('changes the hash when the runbook changes', () => {
    const a = compileRunbook(runbook, { path: 'demo.md' }).plan!;
    const b = compileRunbook(runbook.replace('/drain', '/drain?now=1'), { path: 'demo.md' }).plan!;
    expect(a.hash).not.toBe(b.hash);
  });
});

describe('compiling from disk', () => {
  it('expands folders recursively to markdown files, skipping READMEs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-compiler-'));
    writeFileSync(join(dir, 'a.md'), '# A\n\n## One\n');
    writeFileSync(join(dir, 'README.md'), 'About this folder');
    writeFileSync(join(dir, 'notes.txt'), '## not markdown');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'b.md'), '## Two\n\n```swaybot\naction: lgo\n```\n');
    const results = await compilePaths([dir]);
    expect(results.map((r) => r.file.path)).toEqual([join(dir, 'a.md'), join(dir, 'nested', 'b.md')]);
    expect(results[0]!.plan?.id).toBe('a');
    expect(results[1]!.plan).toBeUndefined();
    expect(results[1]!.file.messages[0]?.reason).toContain('did you mean `log`?');
  });

  it('reports a missing path as an error instead of rejecting', async () => {
    const [result] = await compilePaths(['/nonexistent/runbook.md']);
    expect(result!.plan).toBeUndefined();
    expect(result!.file.messages[0]).toMatchObject({ ruleId: 'unreadable-file', fatal: true, line: 1, column: 1 });
  });
});

describe('catalogue and misuse', () => {
  it('suggests actions from a custom catalogue', () => {
    const catalogue = new Catalogue([
      ...builtinActions,
      { name: 'ipmi.power', description: 'Power a server', params: z.strictObject({ host: z.string() }), runner: { kind: 'activity', activity: 'hardwarePower' } },
    ]);
    const { file } = compileRunbook('## Power\n\n```swaybot\naction: ipmi.powr\nwith: { host: db1 }\n```\n', { catalogue });
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ ruleId: 'unknown-action', expected: ['ipmi.power'], line: 4, column: 9, source: 'swaybot' });
    expect(file.messages[0]!.reason).toBe('Unexpected `ipmi.powr`, expected a known action (did you mean `ipmi.power`?)');
    const ok = compileRunbook('## Power\n\n```swaybot\naction: ipmi.power\nwith: { host: db1 }\n```\n', { catalogue });
    expect(ok.plan?.steps[0]).toMatchObject({ kind: 'action', runner: { kind: 'activity', activity: 'hardwarePower' } });
  });

  it('compiles UTF-8 bytes exactly like the same text, and reports bytes that are not UTF-8 where they are', () => {
    const fromText = compileRunbook(runbook, { path: 'demo.md' });
    const fromBytes = compileRunbook(new TextEncoder().encode(runbook), { path: 'demo.md' });
    expect(fromBytes.plan).toEqual(fromText.plan);
    const latin1 = Uint8Array.from([...Buffer.from('# Caf'), 0xe9, ...Buffer.from('\n\n## Step\n')]);
    const { plan, file } = compileRunbook(latin1);
    expect(plan).toBeUndefined();
    expect(file.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['bad-encoding', 1, 6]]);
  });

  it('throws on programmer misuse, not on user input', () => {
    expect(() => compileRunbook(42 as unknown as string)).toThrow('Cannot compile');
    expect(() => compileRunbook('', { catalogue: {} as Catalogue })).toThrow('Cannot compile');
  });
});

describe('planToMermaid', () => {
  it('draws steps, the condition, the approval gate and the compensation, with escaped labels', () => {
    const chart = planToMermaid(compileRunbook(runbook, { path: 'demo.md' }).plan!);
    expect(chart.startsWith('flowchart TD\n')).toBe(true);
    expect(chart).toContain('s1["Check #quot;health#quot; #lt;now#gt;<br/><i>http.request</i>"]');
    expect(chart).toContain('s2_when{"when health.body.status == \'degraded\'"}');
    expect(chart).toContain('s2_gate{{"approval: sre (1h)"}}');
    expect(chart).toContain('s2_gate -->|timed out| s3');
    expect(chart).toContain('s2_when -->|no| s3');
    expect(chart).toContain('s2 -.->|on failure| s2_undo');
    expect(chart).toContain('s2["Drain #124; carefully');
    expect(chart).toContain('s3[/"Confirm<br/><i>1 manual item</i>"/]');
    expect(chart.trimEnd().endsWith('s3 --> done')).toBe(true);
  });
});
