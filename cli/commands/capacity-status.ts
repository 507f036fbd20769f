/** `swaybot capacity approve|reject|status|schedule`: acting on capacity runs through the client library. */
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { formatCapacityStatus } from '../format/capacity.js';
import { currentUser } from '../user.js';
import { connectClient, resolveTarget, workflowUrl, type Target } from '../connect.js';
import type { Client } from '@temporalio/client';

async function withClient<T>(ctx: CliContext, fn: (client: Client, target: Target) => Promise<T>): Promise<T> {
  const target = resolveTarget(ctx.globals(), ctx.io.env);
  const { client, close } = await connectClient(target);
  try {
    return await fn(client, target);
  } finally {
    await close();
  }
}

/** A workflow id as given, or the newest run of the service named. */
async function runOf(client: Client, target: Target, what: string): Promise<string> {
  const { latestCapacityRun } = await import('../../client/capacity.js');
  if (what.startsWith('capacity-')) return what;
  if (!target.config.capacity.services[what]) {
    throw new CliError(`No capacity settings for ${what}: expected a service of config capacity.services (${Object.keys(target.config.capacity.services).join(', ') || 'none'}) or a workflow id`, 2);
  }
  const id = await latestCapacityRun(client, what);
  if (!id) throw new CliError(`No capacity run of ${what} yet; start one with \`swaybot capacity plan ${what}\``);
  return id;
}

export async function decideAction(decision: 'approve' | 'reject', what: string, options: { as?: string; reason?: string }, ctx: CliContext): Promise<void> {
  const by = currentUser(options.as, ctx.io.env);
  await withClient(ctx, async (client, target) => {
    const { decideCapacityPlan, CapacityRefusedError } = await import('../../client/capacity.js');
    const id = await runOf(client, target, what);
    try {
      await decideCapacityPlan(client, id, decision, by, options.reason);
    } catch (err) {
      if (err instanceof CapacityRefusedError) throw new CliError(`Refused: ${err.message}`);
      throw err;
    }
    ctx.print(`${pc.green('✔')} ${decision === 'approve' ? 'Approved' : 'Rejected'} the capacity plan ${id} as ${by}${options.reason ? `: ${options.reason}` : ''}`);
    const url = workflowUrl(target, id);
    if (url) ctx.print(pc.dim(`  ${url}`));
  });
}

export async function statusAction(what: string, ctx: CliContext): Promise<void> {
  await withClient(ctx, async (client, target) => {
    const { getCapacityRun } = await import('../../client/capacity.js');
    const id = await runOf(client, target, what);
    ctx.print(formatCapacityStatus(await getCapacityRun(client, id), id));
  });
}

export async function scheduleAction(services: string[], ctx: CliContext): Promise<void> {
  await withClient(ctx, async (client, target) => {
    const { ensureCapacitySchedule } = await import('../../client/capacity.js');
    const all = target.config.capacity.services;
    const names = services.length > 0 ? services : Object.keys(all);
    for (const name of names) {
      const settings = all[name];
      if (!settings) throw new CliError(`No capacity settings for ${name} (configured: ${Object.keys(all).join(', ') || 'none'})`, 2);
      const r = await ensureCapacitySchedule(client, name, settings.every, { taskQueue: target.taskQueue, mlTaskQueue: target.config.capacity.mlTaskQueue });
      ctx.print(`${r.outcome === 'unchanged' ? pc.dim('=') : pc.green('✔')} ${r.scheduleId}: ${r.outcome} (every ${settings.every})`);
    }
  });
}
