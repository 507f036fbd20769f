/**
 * Fixture cases: test/fixtures/compiler/<case>/input.md → plan.json (absent
 * when the runbook has errors) and messages.txt (`line:col severity ruleId
 * reason`). `UPDATE=1 npx vitest run test/compiler` rewrites the expectations.
 * Inputs are compiled from their bytes, as `compilePaths` reads files, so a
 * case can hold bytes that are not UTF-8.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRunbook } from '../../compiler/index.js';

const root = join(import.meta.dirname, '..', 'fixtures', 'compiler');
const update = process.env['UPDATE'] === '1';
const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** One line per message, the format of messages.txt. */
function formatMessages(messages: readonly { line?: number | undefined; column?: number | undefined; fatal?: boolean | null | undefined; ruleId?: string | undefined; reason: string }[]): string {
  return messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`).join('\n') + (messages.length ? '\n' : '');
}

describe('compiler fixtures', () => {
  it('has at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(root, name);
      const { plan, file } = compileRunbook(readFileSync(join(dir, 'input.md')), { path: `${name}.md` });
      const messages = formatMessages(file.messages);
      const planJson = plan ? `${JSON.stringify(plan, null, 2)}\n` : undefined;
      if (update) {
        writeFileSync(join(dir, 'messages.txt'), messages);
        if (planJson) writeFileSync(join(dir, 'plan.json'), planJson);
        else rmSync(join(dir, 'plan.json'), { force: true });
      }
      expect(messages).toBe(readFileSync(join(dir, 'messages.txt'), 'utf8'));
      const expectedPlan = existsSync(join(dir, 'plan.json')) ? readFileSync(join(dir, 'plan.json'), 'utf8') : undefined;
      expect(planJson).toBe(expectedPlan);
      // Every message carries what editors and the CLI need.
      for (const message of file.messages) {
        expect(message.source).toBe('swaybot');
        expect(message.ruleId).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(message.line).toBeGreaterThanOrEqual(1);
        expect(message.column).toBeGreaterThanOrEqual(1);
      }
      // A plan exists exactly when no message is an error.
      expect(plan === undefined).toBe(file.messages.some((m) => m.fatal === true));
    });
  }
});
