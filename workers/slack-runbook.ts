/**
 * `/swaybot run <runbook> name=value…`: finds the runbook in the configured
 * runbooks folder (by plan id, or by file name inside that folder: Slack never
 * names an arbitrary path on the app's disk), compiles it as `swaybot runbook
 * run` does (literal hosts and URLs checked against the inventory and
 * `http.allowHosts`), types the parameters as the plan declares them and starts
 * the run. Every refusal is a sentence for the person who typed the command.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Signer } from '../approvals/identity.js';
import { InvalidParamsError, startRunbook } from '../client/runbooks.js';
import { compileFile, compilePaths, type CompileOptions, type CompileResult } from '../compiler/index.js';
import { escapeMrkdwn } from '../chat/slack-text.js';
import type { Config } from '../config/schema.js';
import { loadInventory } from '../hardware/inventory.js';
import type { ParamSpec, Plan } from '../plan/types.js';
import { code } from './slack-reply.js';

export interface SlackRunRequest {
  /** A plan id, or a markdown file relative to the runbooks folder. */
  runbook: string;
  /** `name=value` pairs as typed. */
  params: string[];
}

export type SlackRunOutcome = { ok: true; workflowId: string; plan: Plan } | { ok: false; error: string };

/** How many compile messages a refusal quotes. */
const QUOTED_MESSAGES = 3;

/** Compiles and starts the runbook `request` names on `taskQueue`, as started by `startedBy` (the Slack user, signed by the app). */
export async function startRunbookFromSlack(client: Client, config: Config, taskQueue: string, request: SlackRunRequest, startedBy?: { by: string; signer?: Signer }): Promise<SlackRunOutcome> {
  const found = await findRunbook(config, request.runbook);
  if (!found.ok) return found;
  const params = typedParams(request.params, found.plan.params);
  if (!params.ok) return params;
  try {
    const handle = await startRunbook(client, { plan: found.plan, params: params.values, taskQueue, ...(startedBy ? { startedBy } : {}) });
    return { ok: true, workflowId: handle.workflowId, plan: found.plan };
  } catch (err) {
    if (err instanceof InvalidParamsError) return { ok: false, error: escapeMrkdwn(err.message) };
    throw err;
  }
}

type Found = { ok: true; plan: Plan } | { ok: false; error: string };

async function findRunbook(config: Config, name: string): Promise<Found> {
  const dir = config.incidents.runbooks;
  const environment = compileEnvironment(config);
  if (/[/\\]|\.md$/i.test(name)) {
    const file = await fileInside(dir, name);
    if (!file) return { ok: false, error: `No runbook file ${code(name)} in the runbooks folder ${code(dir)} (config incidents.runbooks); name a file inside it, or a runbook id` };
    return planOf(await compileFile(file, environment));
  }
  const results = await compilePaths([dir], { ...environment });
  const match = results.find((r) => r.plan?.id === name);
  if (match) return planOf(match);
  const ids = results.flatMap((r) => (r.plan ? [r.plan.id] : [])).sort();
  return { ok: false, error: `No runbook with id ${code(name)} in ${code(dir)}; known: ${ids.map((id) => code(id)).join(', ') || 'none'}` };
}

/** `name` resolved inside `dir`, or undefined when it does not exist or lies outside (`..`, links). */
async function fileInside(dir: string, name: string): Promise<string | undefined> {
  try {
    const [root, file] = await Promise.all([realpath(dir), realpath(resolve(dir, name))]);
    const rel = relative(root, file);
    return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel) ? file : undefined;
  } catch {
    return undefined;
  }
}

function planOf(result: CompileResult): Found {
  const errors = result.file.messages.filter((m) => m.fatal === true);
  if (result.plan && errors.length === 0) return { ok: true, plan: result.plan };
  const quoted = errors.slice(0, QUOTED_MESSAGES).map((m) => `• ${m.line ?? 1}:${m.column ?? 1} ${escapeMrkdwn(m.reason)}${m.ruleId ? ` (${m.ruleId})` : ''}`);
  const more = errors.length > QUOTED_MESSAGES ? `\n…and ${errors.length - QUOTED_MESSAGES} more` : '';
  return { ok: false, error: `Runbook ${code(String(result.file.path))} has errors; fix them (${code(`swaybot runbook check ${String(result.file.path)}`)}) and try again:\n${quoted.join('\n')}${more}` };
}

/** What literal hosts and URLs are checked against, as for `swaybot runbook run`. */
function compileEnvironment(config: Config): Pick<CompileOptions, 'inventory' | 'allowHosts' | 'groups'> {
  let inventory: NonNullable<CompileOptions['inventory']>;
  try {
    inventory = [...loadInventory(config.hardware.inventory).hosts.keys()];
  } catch (err) {
    inventory = { unavailable: (err as Error).message.replace(/\s*\n\s*/g, '; ') };
  }
  return { inventory, allowHosts: config.http.allowHosts, groups: Object.keys(config.groups) };
}

type Typed = { ok: true; values: Record<string, string | number | boolean> } | { ok: false; error: string };

/** `name=value` pairs typed as the plan declares them; undeclared names stay strings (the start names them). */
export function typedParams(pairs: readonly string[], specs: readonly ParamSpec[]): Typed {
  const values = new Map<string, string | number | boolean>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1);
    if (eq <= 0 || name === '') return { ok: false, error: `Unexpected parameter ${code(pair)}, expected name=value` };
    if (values.has(name)) return { ok: false, error: `Unexpected second ${code(`${name}=`)}, expected each parameter once` };
    const type = specs.find((s) => s.name === name)?.type;
    if (type === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { ok: false, error: `Unexpected ${code(`${name}=${raw}`)}, expected a number` };
      values.set(name, n);
    } else if (type === 'boolean') {
      if (raw !== 'true' && raw !== 'false' && raw !== 'yes' && raw !== 'no') return { ok: false, error: `Unexpected ${code(`${name}=${raw}`)}, expected true or false` };
      values.set(name, raw === 'true' || raw === 'yes');
    } else values.set(name, raw);
  }
  return { ok: true, values: Object.fromEntries(values) };
}
