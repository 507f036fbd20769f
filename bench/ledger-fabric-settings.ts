/**
 * What bench:ledger-fabric reports besides its timings: the orderer's batch settings it ran under
 * (read back from the configtx.yaml that `fabric:up` made the channel from) and the
 * batched/per-event ratio. Kept apart from the bench so a test can check both without Fabric.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface OrdererBatchSettings {
  batchTimeout: string;
  maxMessageCount: number | string;
  absoluteMaxBytes: number | string;
  preferredMaxBytes: number | string;
  /** Where they were read, and anything that makes them doubtful. */
  source: string;
}

/**
 * The orderer's batch settings of the dev network whose state folder is `stateFolder`
 * (`<stateDir>/fabric`), from its configtx.yaml, profile SwaybotChannel. A configtx.yaml newer
 * than the channel's genesis block is said to be so (the channel may run other settings);
 * undefined when there is no configtx.yaml.
 */
export function ordererBatchSettings(stateFolder: string, profile = 'SwaybotChannel'): OrdererBatchSettings | undefined {
  const file = path.join(stateFolder, 'configtx.yaml');
  if (!existsSync(file)) return undefined;
  const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    Profiles?: Record<string, { Orderer?: { BatchTimeout?: string; BatchSize?: Record<string, number | string> } }>;
  };
  const orderer = doc.Profiles?.[profile]?.Orderer;
  if (!orderer?.BatchTimeout || !orderer.BatchSize) return undefined;
  const block = path.join(stateFolder, 'swaybot.block');
  let source = `${file}, profile ${profile}`;
  if (!existsSync(block)) source += '; no channel block next to it';
  else if (statSync(file).mtimeMs > statSync(block).mtimeMs) source += '; changed after the channel was created from it, the channel may run other settings';
  const size = orderer.BatchSize;
  return {
    batchTimeout: orderer.BatchTimeout,
    maxMessageCount: size['MaxMessageCount'] ?? '?',
    absoluteMaxBytes: size['AbsoluteMaxBytes'] ?? '?',
    preferredMaxBytes: size['PreferredMaxBytes'] ?? '?',
    source,
  };
}

export function describeOrdererSettings(s: OrdererBatchSettings | undefined): string {
  if (!s) return 'orderer batch settings unknown (no configtx.yaml in the state folder)';
  return `orderer BatchTimeout ${s.batchTimeout}, BatchSize MaxMessageCount ${s.maxMessageCount}, AbsoluteMaxBytes ${s.absoluteMaxBytes}, PreferredMaxBytes ${s.preferredMaxBytes} (${s.source})`;
}

export interface ModeResult {
  events: number;
  transactions: number;
  seconds: number;
}

export const eventsPerSecond = (r: ModeResult): number => r.events / r.seconds;

/** `batched/per-event: 131.2× (565.0 ÷ 4.3 events/s)`. */
export function describeRatio(perEvent: ModeResult, batched: ModeResult): string {
  const [p, b] = [eventsPerSecond(perEvent), eventsPerSecond(batched)];
  return `batched/per-event: ${(b / p).toFixed(1)}× (${b.toFixed(1)} ÷ ${p.toFixed(1)} events/s)`;
}
