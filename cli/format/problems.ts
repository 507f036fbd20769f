/**
 * Runbook problems, printed like eslint's output but with `file:line:col` at the
 * start of every line (so terminals and editors can jump to it), then a count;
 * or as JSON.
 */
import { relative } from 'node:path';
import pc from 'picocolors';
import type { VFile } from 'vfile';
import { safeText } from './safe-text.js';

export interface ProblemJson {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  ruleId: string | null;
  message: string;
  suggestions: string[];
}

export interface FileProblemsJson {
  file: string;
  messages: ProblemJson[];
}

/** A VFile's messages as plain data, in source order. */
export function toJson(file: VFile, cwd = process.cwd()): FileProblemsJson {
  const messages = [...file.messages]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map((m) => ({
      line: m.line ?? 1,
      column: m.column ?? 1,
      severity: m.fatal === true ? ('error' as const) : ('warning' as const),
      ruleId: m.ruleId ?? null,
      message: m.reason,
      suggestions: m.expected ?? [],
    }));
  return { file: displayPath(file, cwd), messages };
}

export function displayPath(file: VFile, cwd = process.cwd()): string {
  if (!file.path) return '<input>';
  const rel = relative(cwd, file.path);
  return rel.startsWith('..') ? file.path : rel;
}

export interface Totals {
  errors: number;
  warnings: number;
}

export function totals(files: readonly FileProblemsJson[]): Totals {
  let errors = 0;
  let warnings = 0;
  for (const f of files) {
    for (const m of f.messages) {
      if (m.severity === 'error') errors++;
      else warnings++;
    }
  }
  return { errors, warnings };
}

/** The text report; empty when there is nothing to say. */
export function formatStylish(files: readonly FileProblemsJson[]): string {
  const out: string[] = [];
  for (const f of files) {
    if (f.messages.length === 0) continue;
    out.push('');
    // File names and messages quote what the page holds (keys, values, names): escaped.
    const file = safeText(f.file);
    const width = Math.max(...f.messages.map((m) => `${file}:${m.line}:${m.column}`.length));
    for (const m of f.messages) {
      // Pad before colouring so escape codes never disturb the columns.
      const where = `${file}:${m.line}:${m.column}`.padEnd(width);
      const severity = m.severity === 'error' ? pc.red('error  ') : pc.yellow('warning');
      out.push(`${where}  ${severity}  ${safeText(m.message)}  ${pc.dim(safeText(m.ruleId ?? ''))}`.trimEnd());
    }
  }
  const { errors, warnings } = totals(files);
  const count = errors + warnings;
  if (count > 0) {
    const line = `✖ ${count} problem${count === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
    out.push('', errors > 0 ? pc.red(pc.bold(line)) : pc.yellow(pc.bold(line)), '');
  }
  return out.join('\n');
}
