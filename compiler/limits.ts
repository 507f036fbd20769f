/**
 * Limits that keep one page from stalling a check: the markdown parser's
 * time grows faster than linearly with size and nesting (a 128 KiB nested
 * list takes seconds, megabytes take hours), so big pages are refused before
 * parsing and every file compiled from disk gets a time budget.
 */
import type { VFile } from 'vfile';
import { report } from './diagnostics.js';

/** Largest runbook compiled by default: 25 times the biggest wiki runbook we know of. */
export const DEFAULT_MAX_BYTES = 512 * 1024;

/** Time one file may take in `compilePaths` by default; real runbooks take milliseconds. */
export const DEFAULT_TIME_BUDGET_MS = 10_000;

/**
 * Largest plan, as JSON characters: Temporal refuses a workflow input over
 * 2 MB, and YAML aliases (`*name`) can repeat one value a hundred times.
 */
export const MAX_PLAN_BYTES = 2 * 1024 * 1024;

/** `1.5 MiB`, `512 KiB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / 1024 / 1024, 'MiB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** `10s`, `1.5s`, `250ms`. */
function formatMs(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(1))}s`;
}

/** Throws on a limit that is not a positive number: that is a programmer's mistake, not the author's. */
export function checkLimit(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`Cannot compile with \`${name}\` ${String(value)}, expected a positive number`);
  }
}

/** The one error of a runbook over the size limit. */
export function reportTooLarge(file: VFile, bytes: number, maxBytes: number): void {
  report(file, {
    ruleId: 'too-large',
    reason: `Unexpected runbook of ${formatBytes(bytes)}, expected at most ${formatBytes(maxBytes)} (split the page, or raise the limit: \`runbook check --max-bytes\`, \`maxBytes\` in the compiler options)`,
    place: { line: 1, column: 1 },
  });
}

/** The one error of a runbook whose plan would be bigger than `MAX_PLAN_BYTES`. */
export function reportPlanTooLarge(file: VFile): void {
  report(file, {
    ruleId: 'plan-too-large',
    reason: `Unexpected plan over ${formatBytes(MAX_PLAN_BYTES)} of JSON, expected a smaller plan (YAML aliases such as \`*name\` copy their value into the plan each time: write big values once, or split the page)`,
    place: { line: 1, column: 1 },
  });
}

/** The one error of a runbook that did not compile within its time budget. */
export function reportTimeout(file: VFile, budgetMs: number): void {
  report(file, {
    ruleId: 'compile-timeout',
    reason: `Unexpected compile taking over ${formatMs(budgetMs)}, expected a runbook that compiles within its time budget (split the page or flatten deep nesting, or raise the budget: \`runbook check --time-budget\`, \`timeBudgetMs\` in the compiler options)`,
    place: { line: 1, column: 1 },
  });
}

/** The one error of a runbook whose compile crashed (e.g. nesting so deep that the parser ran out of stack). */
export function reportCrash(file: VFile, error: unknown): void {
  const why = error instanceof Error ? error.message : String(error);
  report(file, {
    ruleId: 'compile-failed',
    reason: `Unexpected failure compiling the runbook (${why}), expected a page the parser can read (flatten deep nesting)`,
    place: { line: 1, column: 1 },
  });
}
