/** Compiling a runbook for commands that need its plan (plan, graph, run), and what it is checked against. */
import { compileFile, type CompileOptions } from '../compiler/index.js';
import { loadInventory } from '../hardware/inventory.js';
import type { Plan } from '../plan/types.js';
import { cliConfig } from './connect.js';
import { CliError } from './errors.js';
import { formatStylish, toJson, totals } from './format/problems.js';
import type { CliOutput } from './io.js';

/** The inventory and allow-list that literal hosts and URLs of a runbook are checked against. */
export interface RunbookEnvironment {
  inventory: NonNullable<CompileOptions['inventory']>;
  allowHosts: NonNullable<CompileOptions['allowHosts']>;
  /** The approver groups approvals may name (`groups` of the configuration). */
  groups: NonNullable<CompileOptions['groups']>;
}

/**
 * The configured inventory's host names (or why it cannot be read, which the
 * compiler turns into one warning) and `http.allowHosts`, from the config in
 * `env`. A bad config is a usage error (exit 2) naming each field.
 */
export function runbookEnvironment(env: NodeJS.ProcessEnv): RunbookEnvironment {
  const config = cliConfig(env);
  let inventory: RunbookEnvironment['inventory'];
  try {
    inventory = [...loadInventory(config.hardware.inventory).hosts.keys()];
  } catch (err) {
    // One line: the warning sits in eslint-style output.
    inventory = { unavailable: (err as Error).message.replace(/\s*\n\s*/g, '; ') };
  }
  return { inventory, allowHosts: config.http.allowHosts, groups: Object.keys(config.groups) };
}

/**
 * Compiles `path`; prints warnings to `stderr` and carries on, prints errors and
 * throws (exit 1) when there is no plan. With `env`, literal hosts and URLs are
 * checked against the configured inventory and `http.allowHosts`, so a run that
 * would fail on them is refused before it starts.
 */
export async function compileForUse(path: string, stderr: CliOutput, env?: NodeJS.ProcessEnv): Promise<Plan> {
  const { plan, file } = await compileFile(path, env ? runbookEnvironment(env) : {});
  const report = toJson(file);
  if (report.messages.length > 0) stderr.write(formatStylish([report]) + '\n');
  if (!plan || totals([report]).errors > 0) {
    throw new CliError(`${report.file} has errors; fix them (see \`swaybot runbook check ${report.file}\`) and try again`);
  }
  return plan;
}
