/**
 * The replica printing activities of the ops worker: `replicaPrepare` (inventory and FRU data →
 * checked models, STLs, plates, preview), `replicaSlice` (a plate's STL → G-code with our
 * profile), `replicaPrint` (upload and print on OctoPrint, heartbeating percent and time left;
 * cancelling the activity cancels the print), `replicaNotify` (the run's chat message). The
 * OctoPrint API key is read from the worker's environment here, never passed through history.
 * Workflows import this module as types only.
 */
import { readFileSync } from 'node:fs';
import ms, { type StringValue } from 'ms';
import { resolve } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { replicaMessage, replicaTitle } from '../../chat/replica-blocks.js';
import { ChatError, type Notifier } from '../../chat/notifier.js';
import type { Config } from '../../config/schema.js';
import { loadInventory } from '../../hardware/inventory.js';
import type { ChatRef } from '../../incidents/types.js';
import { OctoPrintClient, OctoPrintError, printAndWait, type PrintProgress } from '../../printing/octoprint/index.js';
import { prepareReplicas, sha256 } from '../../printing/pipeline.js';
import type { FruData } from '../../printing/model/spec.js';
import { sliceStl } from '../../printing/slicer/slicer.js';
import type { ReplicaPart, ReplicaPlate, ReplicaStatus, ReplicaTarget } from '../../printing/status.js';
import { asFailures } from '../as-failures.js';
import type { BmcFor } from '../hardware/bmc.js';
import { chatFailureType } from '../incident/chat.js';
import type { ActivityLogger } from '../logger.js';

export interface PrintingActivityDeps {
  config: Config;
  notifier: Notifier;
  bmcFor: BmcFor;
  logger: ActivityLogger;
  env?: NodeJS.ProcessEnv;
}

export interface PrepareRequest {
  target: ReplicaTarget;
  runId: string;
  scale?: number;
}

export interface PrepareResult {
  scale: number;
  parts: ReplicaPart[];
  plates: ReplicaPlate[];
  skipped: string[];
  preview: string;
  printer: string;
}

/** FRU / Redfish data of each host that answers within a few seconds; the inventory's text otherwise. */
async function readFru(config: Config, bmcFor: BmcFor, hosts: readonly string[], signal: AbortSignal, log: ActivityLogger): Promise<Record<string, FruData>> {
  const inventory = loadInventory(config.hardware.inventory);
  const out: Record<string, FruData> = {};
  await Promise.all(
    hosts.map(async (name) => {
      const host = inventory.hosts.get(name);
      if (!host) return;
      try {
        const info = await bmcFor(host).inventory({ signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });
        out[name] = { ...(info.manufacturer ? { manufacturer: info.manufacturer } : {}), ...(info.model ? { model: info.model } : {}), ...(info.serialNumber ? { serialNumber: info.serialNumber } : {}) };
      } catch (err) {
        log.info({ host: name, err: err instanceof Error ? err.message : String(err) }, 'replica: no FRU data from the BMC; using the inventory');
      }
    }),
  );
  return out;
}

export function createPrintingActivities(deps: PrintingActivityDeps) {
  const { config, logger } = deps;
  const env = deps.env ?? process.env;
  const p = config.printing;
  const runDir = (runId: string) => resolve(config.stateDir, 'replicas', runId.replace(/[^A-Za-z0-9._-]/g, '_'));

  async function replicaPrepare(request: PrepareRequest): Promise<PrepareResult> {
    const ctx = Context.current();
    const inventory = loadInventory(config.hardware.inventory);
    const hosts = 'host' in request.target ? [request.target.host] : [...inventory.hosts.values()].filter((h) => 'rack' in request.target && h.rack === request.target.rack).map((h) => h.name);
    ctx.heartbeat({ stage: 'fru', hosts: hosts.length });
    const fru = await readFru(config, deps.bmcFor, hosts, ctx.cancellationSignal, logger);
    ctx.heartbeat({ stage: 'model' });
    const prepared = await prepareReplicas({ inventory, target: request.target, scale: request.scale ?? p.scale, bed: p.bed, outDir: runDir(request.runId), fru });
    logger.info({ runId: request.runId, parts: prepared.parts.length, plates: prepared.plates.length }, 'replica modelled');
    return { scale: prepared.scale, parts: prepared.parts, plates: prepared.plates, skipped: prepared.skipped, preview: prepared.preview, printer: p.octoprint.url };
  }

  async function replicaSlice(request: { runId: string; stl: string }): Promise<Pick<ReplicaPlate, 'gcode' | 'gcodeSha256' | 'layers' | 'estimatedSeconds'>> {
    const ctx = Context.current();
    ctx.heartbeat({ stage: 'slice', stl: request.stl });
    const out = request.stl.replace(/\.stl$/i, '.gcode');
    const result = await sliceStl({
      stl: request.stl,
      out,
      profile: resolve(p.profile),
      overrides: { layerHeight: p.layerHeight, infill: p.infill, bed: p.bed, printerModel: p.printerModel },
      signal: ctx.cancellationSignal,
    });
    return {
      gcode: result.gcodePath,
      gcodeSha256: sha256(readFileSync(result.gcodePath)),
      layers: result.layers,
      ...(result.estimatedPrintSeconds !== undefined ? { estimatedSeconds: result.estimatedPrintSeconds } : {}),
    };
  }

  async function replicaPrint(request: { gcode: string; name: string }): Promise<{ seconds: number; finalState: 'completed' | 'cancelled' }> {
    const ctx = Context.current();
    const apiKey = env[p.octoprint.apiKey.env];
    if (!apiKey) {
      throw new OctoPrintError(`printing.octoprint.apiKey: environment variable ${p.octoprint.apiKey.env} is not set on the worker`, { retryable: false, url: p.octoprint.url, request: 'API key' });
    }
    const client = new OctoPrintClient({ url: p.octoprint.url, apiKey });
    const pollMs = Math.max(200, ms(p.octoprint.pollInterval as StringValue));
    // printAndWait reports progress only when it changes; a printer heating for minutes (or a
    // long upload) changes nothing, so the last progress is heartbeated on a timer too: the
    // heartbeat timeout never fires on a live print, and a cancel (delivered with a heartbeat's
    // answer) reaches the activity within the heartbeat throttle.
    let last: PrintProgress = { percent: 0, timeLeftS: null, state: 'Uploading' };
    ctx.heartbeat(last);
    const beat = setInterval(() => ctx.heartbeat(last), Math.min(pollMs, 5_000));
    let result;
    try {
      result = await printAndWait(client, {
        name: request.name,
        gcode: request.gcode,
        pollMs,
        signal: ctx.cancellationSignal,
        onProgress: (progress) => {
          last = progress;
          ctx.heartbeat(progress);
        },
      });
    } finally {
      clearInterval(beat);
    }
    if (result.finalState === 'cancelled' && ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
    return result;
  }

  async function replicaNotify(request: { workflowId: string; status: ReplicaStatus; ref?: ChatRef }): Promise<ChatRef> {
    const { text, blocks } = replicaMessage(request.status);
    try {
      if (request.ref) {
        await deps.notifier.update({ ref: request.ref, text, blocks });
        return request.ref;
      }
      const image = request.status.preview ? { image: { path: request.status.preview, title: replicaTitle(request.status) } } : {};
      return await deps.notifier.post({ key: `${request.workflowId}/replica`, channel: p.channel, text, blocks, mayExist: Context.current().info.attempt > 1, ...image });
    } catch (err) {
      if (!(err instanceof ChatError)) throw err;
      throw ApplicationFailure.create({ message: err.message, type: chatFailureType(err.code), nonRetryable: !err.retryable });
    }
  }

  return {
    replicaPrepare: asFailures(replicaPrepare),
    replicaSlice: asFailures(replicaSlice),
    replicaPrint: asFailures(replicaPrint),
    replicaNotify,
  };
}

export type PrintingActivities = ReturnType<typeof createPrintingActivities>;
