/** The actions of `swaybot replica …` (registered in replica.ts; loaded on use, so `--help` stays fast). */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import pc from 'picocolors';
import type { ReplicaStatus } from '../../printing/status.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { cliConfig, connectClient, resolveTarget, workflowUrl, type Target } from '../connect.js';
import { currentUser } from '../user.js';

export interface ModelOptions {
  out?: string;
  png?: string;
  scale?: string;
  inventory?: string;
}

export interface PrintOptions {
  rack?: string;
  scale?: string;
  follow: boolean;
}

function scaleOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = text.includes(':') ? 1 / Number(text.split(':')[1]) : Number(text);
  if (!(n > 0 && n <= 1)) throw new CliError(`Unexpected --scale \`${text}\`, expected a ratio in (0, 1] such as 0.1 (or 1:10)`, 2);
  return n;
}

/** Errors of our own (inventory, replica input, mesh checks) become one clear CLI line. */
function asCliError(err: unknown): never {
  if (err instanceof Error && ['InventoryError', 'ReplicaInputError', 'MeshCheckError', 'PlateFitError'].includes(err.name)) throw new CliError(err.message);
  throw err;
}

export async function modelAction(host: string, options: ModelOptions, ctx: CliContext): Promise<void> {
  const config = cliConfig(ctx.io.env);
  const [{ loadInventory }, { prepareReplicas }] = await Promise.all([import('../../hardware/inventory.js'), import('../../printing/pipeline.js')]);
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-replica-'));
  let prepared;
  try {
    const inventory = loadInventory(options.inventory ?? ctx.io.env['SWAYBOT_HARDWARE_INVENTORY'] ?? config.hardware.inventory);
    prepared = await prepareReplicas({ inventory, target: { host }, scale: scaleOf(options.scale) ?? config.printing.scale, bed: config.printing.bed, outDir: dir });
  } catch (err) {
    asCliError(err);
  }
  const stl = resolve(options.out ?? `${host}.stl`);
  const png = resolve(options.png ?? `${host}.png`);
  copyFileSync(prepared.parts[0]!.stl, stl);
  copyFileSync(prepared.preview, png);
  const part = prepared.parts[0]!;
  const model = prepared.models[0]!;
  ctx.print(`${pc.green('✔')} ${stl}  ${pc.dim(`${part.triangles} triangles, sha256 ${part.sha256.slice(0, 16)}…`)}`);
  ctx.print(`  ${model.spec.vendor} ${model.spec.model}, ${model.spec.units}U, ${model.spec.driveBays} drive bays, ${model.spec.psus} PSUs at 1:${Math.round(1 / prepared.scale)}: ${part.size.map((v) => v.toFixed(1)).join(' × ')} mm (W × D × H)`);
  ctx.print(`  checked: one closed, manifold, outward-facing solid; size within 0.1 mm`);
  ctx.print(`  label: ${model.label.embossed ? `"${model.label.text}" embossed, ${model.label.letterHeightMm.toFixed(1)} mm letters` : `not embossed (${model.label.reason})`}`);
  ctx.print(`${pc.green('✔')} ${png}  ${pc.dim('preview')}`);
}

async function withClient<T>(ctx: CliContext, fn: (client: Client, target: Target) => Promise<T>): Promise<T> {
  const target = resolveTarget(ctx.globals(), ctx.io.env);
  const { client, close } = await connectClient(target);
  try {
    return await fn(client, target);
  } finally {
    await close();
  }
}

export function formatReplicaStatus(s: ReplicaStatus, id: string): string {
  const out = [`${pc.bold(id)}  ${s.state}${s.scale ? pc.dim(`  scale 1:${Math.round(1 / s.scale)}`) : ''}${s.printer ? pc.dim(`  printer ${s.printer}`) : ''}`];
  for (const part of s.parts) out.push(`  part   ${part.host}  ${part.size.map((v) => v.toFixed(1)).join(' × ')} mm  sha256 ${part.sha256.slice(0, 16)}…`);
  for (const p of s.plates) {
    const bits = [`plate ${p.index}: ${p.hosts.join(', ')}`];
    if (p.layers !== undefined) bits.push(`${p.layers} layers`);
    if (p.estimatedSeconds !== undefined) bits.push(`≈ ${Math.round(p.estimatedSeconds / 60)} min`);
    if (p.percent !== undefined) bits.push(`${p.percent.toFixed(0)} %`);
    if (p.printedSeconds !== undefined) bits.push(`printed in ${p.printedSeconds.toFixed(0)} s`);
    out.push(`  ${bits.join(' · ')}`);
  }
  if (s.skipped.length > 0) out.push(`  skipped ${s.skipped.join('; ')}`);
  if (s.preview) out.push(`  preview ${s.preview}`);
  if (s.error) out.push(pc.red(`  error  ${s.error}`));
  return out.join('\n');
}

export async function printAction(host: string | undefined, options: PrintOptions, ctx: CliContext): Promise<void> {
  if ((host === undefined) === (options.rack === undefined)) throw new CliError('Name a host, or a rack with --rack (one of the two)', 2);
  const target = host !== undefined ? { host } : { rack: options.rack! };
  const scale = scaleOf(options.scale);
  await withClient(ctx, async (client, t) => {
    const [{ startReplicaPrint, getReplicaRun, ReplicaAlreadyPrintingError }] = await Promise.all([import('../../client/replica.js')]);
    let id: string;
    try {
      id = await startReplicaPrint(client, t.taskQueue, { target, by: currentUser(undefined, ctx.io.env), ...(scale !== undefined ? { scale } : {}) });
    } catch (err) {
      if (err instanceof ReplicaAlreadyPrintingError) throw new CliError(err.message);
      throw err;
    }
    ctx.print(`${pc.green('✔')} started ${id}`);
    const url = workflowUrl(t, id);
    if (url) ctx.print(pc.dim(`  ${url}`));
    if (!options.follow) return;
    let last = '';
    for (;;) {
      let s: ReplicaStatus;
      try {
        s = await getReplicaRun(client, id);
      } catch (err) {
        const cause = (err as { cause?: Error }).cause;
        throw new CliError(`${id} failed: ${cause?.message ?? (err as Error).message}`);
      }
      const plate = s.plates.find((p) => p.percent !== undefined && p.percent < 100) ?? s.plates[s.plates.length - 1];
      const line = `${s.state}${s.state === 'printing' && plate?.percent !== undefined ? ` plate ${plate.index}: ${plate.percent.toFixed(0)} %` : ''}`;
      if (line !== last) ctx.print(`  ${line}`);
      last = line;
      if (s.state === 'printed' || s.state === 'failed' || s.state === 'cancelled') {
        ctx.print(formatReplicaStatus(s, id));
        if (s.state !== 'printed') ctx.exitCode = 1;
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
}

export async function statusAction(id: string | undefined, ctx: CliContext): Promise<void> {
  await withClient(ctx, async (client) => {
    const { getReplicaRun, listReplicaRuns } = await import('../../client/replica.js');
    if (id === undefined) {
      const runs = await listReplicaRuns(client);
      if (runs.length === 0) ctx.print('No replica printing runs yet: swaybot replica print <host>');
      for (const r of runs) ctx.print(`${r.id.padEnd(32)} ${r.status.toLowerCase().padEnd(12)} ${r.start.toISOString()}`);
      return;
    }
    try {
      ctx.print(formatReplicaStatus(await getReplicaRun(client, id), id));
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      throw new CliError(`${id}: ${cause?.message ?? (err as Error).message}`);
    }
  });
}

export async function cancelAction(id: string, ctx: CliContext): Promise<void> {
  await withClient(ctx, async (client) => {
    await client.workflow.getHandle(id).cancel();
    ctx.print(`${pc.green('✔')} cancel requested for ${id}; a print in progress is cancelled on the printer`);
  });
}

