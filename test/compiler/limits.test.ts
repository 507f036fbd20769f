/**
 * Big or pathological pages cannot stall a check: a size limit refuses them
 * before parsing, and `compilePaths` stops a file that overruns its time
 * budget and goes on with the next. Pages are generated here, never committed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, compilePaths, compileRunbook } from '../../compiler/index.js';

const MiB = 1024 * 1024;

/** A flat page of `##` steps with prose and commands, at least `bytes` long. */
function bigPage(bytes: number): string {
  const parts = ['# Big page\n\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const part = `## Step ${i}\n\nCheck the thing number ${i}.\n\n\`\`\`bash\necho ${i}\n\`\`\`\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** A list nested one level deeper on every line, at least `bytes` long: the parser's slowest shape. */
function nestedList(bytes: number): string {
  const parts = ['# Deep\n\n'];
  let size = parts[0]!.length;
  for (let depth = 0; size < bytes; depth++) {
    const line = `${'  '.repeat(depth)}- item ${depth}\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-limits-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const messages = (result: { file: { messages: { ruleId?: string | undefined; reason: string }[] } }): string[] =>
  result.file.messages.map((m) => `${m.ruleId} ${m.reason}`);

describe('size limit', () => {
  it('refuses a 5 MB page with one error naming its size, the limit and how to raise it', () => {
    const { plan, file } = compileRunbook(bigPage(5 * MiB), { path: 'big.md' });
    expect(plan).toBeUndefined();
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ ruleId: 'too-large', fatal: true, line: 1, column: 1 });
    expect(file.messages[0]!.reason).toBe('Unexpected runbook of 5.0 MiB, expected at most 512 KiB (split the page, or raise the limit: `runbook check --max-bytes`, `maxBytes` in the compiler options)');
  });

  it('refuses a 4 MB nested list from disk, in a folder whose other pages still compile', async () => {
    const dir = folderWith({ 'a-nested.md': nestedList(4 * MiB), 'b-good.md': '# Good\n\n## One\n\nText.\n' });
    const [nested, good] = await compilePaths([dir]);
    expect(messages(nested!)).toEqual([expect.stringMatching(/^too-large Unexpected runbook of 4\.0 MiB, expected at most 512 KiB/)]);
    expect(good!.plan?.steps.map((s) => s.title)).toEqual(['One']);
  });

  it('compiles a page under a raised limit, and counts bytes, not characters', () => {
    const page = `# Umlauts\n\n## ${'ü'.repeat(600)}\n`;
    expect(compileRunbook(page, { maxBytes: 1024 }).file.messages.map((m) => m.ruleId)).toEqual(['too-large']);
    expect(compileRunbook(page, { maxBytes: 2048 }).plan?.steps).toHaveLength(1);
  });

  it('does not read a file over the limit', async () => {
    const dir = folderWith({ 'big.md': bigPage(64 * 1024) });
    const { file } = await compileFile(join(dir, 'big.md'), { maxBytes: 1000 });
    expect(messages({ file })).toEqual([expect.stringMatching(/^too-large Unexpected runbook of 64\.\d KiB, expected at most 1000 bytes/)]);
  });
});

describe('time budget', () => {
  it('stops a page that overruns its budget with an error, and compiles the next file', async () => {
    const dir = folderWith({ 'a-nested.md': nestedList(4 * MiB), 'b-good.md': '# Good\n\n## One\n\nText.\n' });
    const progress: string[] = [];
    const results = await compilePaths([dir], {
      maxBytes: 8 * MiB,
      timeBudgetMs: 1000,
      onProgress: ({ done, total, path }) => progress.push(`${done}/${total} ${path}`),
    });
    expect(results.map((r) => r.file.path)).toEqual([join(dir, 'a-nested.md'), join(dir, 'b-good.md')]);
    expect(results[0]!.plan).toBeUndefined();
    expect(messages(results[0]!)).toEqual([
      'compile-timeout Unexpected compile taking over 1s, expected a runbook that compiles within its time budget (split the page or flatten deep nesting, or raise the budget: `runbook check --time-budget`, `timeBudgetMs` in the compiler options)',
    ]);
    expect(results[1]!.plan?.steps.map((s) => s.title)).toEqual(['One']);
    expect(progress).toEqual([`1/2 ${join(dir, 'a-nested.md')}`, `2/2 ${join(dir, 'b-good.md')}`]);
  });

  it('gives the same results in the worker as in this thread', async () => {
    const dir = folderWith({ 'KubeQuotaExceeded.md': '# KubeQuotaExceeded\n\n## Meaning\n\nQuota is used up.\n\n## Fix\n\n- [ ] Raised the [quota][q]\n\n[q]: https://example.org/q\n', 'typo.md': '## A\n\n```swaybot\naction: lgo\n```\n' });
    const inWorker = await compilePaths([dir]);
    const inThread = await compilePaths([dir], { timeBudgetMs: Infinity });
    expect(inWorker.map((r) => r.plan)).toEqual(inThread.map((r) => r.plan));
    expect(inWorker.map((r) => r.file.messages.map((m) => [String(m), m.ruleId, m.fatal, m.expected]))).toEqual(
      inThread.map((r) => r.file.messages.map((m) => [String(m), m.ruleId, m.fatal, m.expected])));
    expect(inWorker[1]!.file.messages[0]).toMatchObject({ ruleId: 'unknown-action', expected: ['log'], fatal: true });
  });

  it('throws at once on a limit that is not a positive number', async () => {
    expect(() => compileRunbook('# A', { maxBytes: 0 })).toThrow('Cannot compile with `maxBytes` 0');
    await expect(compilePaths([], { timeBudgetMs: -1 })).rejects.toThrow('Cannot compile with `timeBudgetMs` -1');
  });
});
