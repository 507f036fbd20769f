/**
 * `replicaPrintHost`, the activity behind the `replica.print` runbook action: prepare, slice and
 * print one host's replica in one activity (a runbook step is one activity), heartbeating the
 * stage and the print's percent; cancelling the step cancels the print.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Context } from '@temporalio/activity';
import { replicaPrintParams, type ReplicaPrintOutput } from '../../actions/index.js';
import type { Config } from '../../config/schema.js';
import { loadInventory } from '../../hardware/inventory.js';
import { OctoPrintClient, OctoPrintError, printAndWait } from '../../printing/octoprint/index.js';
import { prepareReplicas, sha256 } from '../../printing/pipeline.js';
import { sliceStl } from '../../printing/slicer/slicer.js';
import { parseArgs } from '../args.js';
import { callSite } from '../context.js';
import type { ActivityLogger } from '../logger.js';

export function createReplicaPrintHost(config: Pick<Config, 'printing' | 'hardware' | 'stateDir'>, logger: ActivityLogger, env: NodeJS.ProcessEnv = process.env) {
  return async function replicaPrintHost(raw: unknown): Promise<ReplicaPrintOutput> {
    const args = parseArgs(replicaPrintParams, raw, 'replica.print');
    const ctx = Context.current();
    const p = config.printing;
    const apiKey = env[p.octoprint.apiKey.env];
    if (!apiKey) throw new OctoPrintError(`printing.octoprint.apiKey: environment variable ${p.octoprint.apiKey.env} is not set on the worker`, { retryable: false, url: p.octoprint.url, request: 'API key' });
    const dir = resolve(config.stateDir, 'replicas', `${ctx.info.workflowExecution?.workflowId ?? "run"}-${ctx.info.activityId}`.replace(/[^A-Za-z0-9._-]/g, '_'));
    ctx.heartbeat({ stage: 'model' });
    const prepared = await prepareReplicas({ inventory: loadInventory(config.hardware.inventory), target: { host: args.host }, scale: args.scale ?? p.scale, bed: p.bed, outDir: dir });
    const part = prepared.parts[0]!;
    const plate = prepared.plates[0]!;
    ctx.heartbeat({ stage: 'slice' });
    const sliced = await sliceStl({ stl: plate.stl, out: plate.stl.replace(/\.stl$/, '.gcode'), profile: resolve(p.profile), overrides: { layerHeight: p.layerHeight, infill: p.infill, bed: p.bed, printerModel: p.printerModel }, signal: ctx.cancellationSignal });
    // Heartbeat on a timer as well as on progress: a heating printer or a long upload changes
    // nothing for minutes, and a step's cancel reaches the activity only with a heartbeat's answer.
    let last: Record<string, unknown> = { stage: 'print', percent: 0, timeLeftS: null, state: 'Uploading' };
    ctx.heartbeat(last);
    const beat = setInterval(() => ctx.heartbeat(last), 5_000);
    let printed;
    try {
      printed = await printAndWait(new OctoPrintClient({ url: p.octoprint.url, apiKey }), {
        name: `${args.host}-replica.gcode`,
        gcode: sliced.gcodePath,
        signal: ctx.cancellationSignal,
        onProgress: (progress) => {
          last = { stage: 'print', ...progress };
          ctx.heartbeat(last);
        },
      });
    } finally {
      clearInterval(beat);
    }
    if (printed.finalState === 'cancelled' && ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
    logger.info({ ...callSite(), host: args.host, seconds: printed.seconds }, 'replica.print done');
    return { host: args.host, stlSha256: part.sha256, gcodeSha256: sha256(readFileSync(sliced.gcodePath)), layers: sliced.layers, seconds: printed.seconds, printer: p.octoprint.url };
  };
}
