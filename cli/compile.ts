/** Compiling a runbook for commands that need its plan (plan, graph, run). */
import { compileFile } from '../compiler/index.js';
import type { Plan } from '../plan/types.js';
import { CliError } from './errors.js';
import { formatStylish, toJson, totals } from './format/problems.js';
import type { CliOutput } from './io.js';

/**
 * Compiles `path`; prints warnings to `stderr` and carries on, prints errors and
 * throws (exit 1) when there is no plan.
 */
export async function compileForUse(path: string, stderr: CliOutput): Promise<Plan> {
  const { plan, file } = await compileFile(path);
  const report = toJson(file);
  if (report.messages.length > 0) stderr.write(formatStylish([report]) + '\n');
  if (!plan || totals([report]).errors > 0) {
    throw new CliError(`${report.file} has errors; fix them (see \`swaybot runbook check ${report.file}\`) and try again`);
  }
  return plan;
}
