/**
 * The on-disk form of a trained learned forecaster, written without tfjs-node (so it works on
 * every backend): `model.json` (format, family, hyper-parameters, horizon, season, and per
 * ensemble member its lookback, seed and variable shapes, in order), `weights.bin` (every
 * member's variables as little-endian Float32, in that order) and `metadata.json` (ModelMetadata).
 * The version ends in a short SHA-256 of weights.bin, which `readArtifact` checks.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelMetadata } from '../types.js';

export const FORMAT = 'swaybot-learned-forecaster/1';

export interface MemberManifest {
  lookback: number;
  seed: number;
  shapes: number[][];
}

export interface Manifest {
  format: typeof FORMAT;
  family: string;
  horizon: number;
  season: number;
  hyper: Record<string, unknown>;
  members: MemberManifest[];
}

export function weightsHash(weights: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)).digest('hex').slice(0, 8);
}

/** `family@2026-12-06T03:00:00Z-3f2a1c0d`: unique per training (time and weights). */
export function versionOf(family: string, trainedAt: string, weights: Float32Array): string {
  return `${family}@${trainedAt}-${weightsHash(weights)}`;
}

export async function writeArtifact(dir: string, manifest: Manifest, weights: Float32Array, metadata: ModelMetadata): Promise<void> {
  await mkdir(dir, { recursive: true });
  const bytes = Buffer.alloc(weights.length * 4);
  for (let i = 0; i < weights.length; i++) bytes.writeFloatLE(weights[i]!, i * 4);
  await writeFile(join(dir, 'weights.bin'), bytes);
  await writeFile(join(dir, 'model.json'), JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2) + '\n');
}

export async function readArtifact(dir: string, family: string): Promise<{ manifest: Manifest; weights: Float32Array; metadata: ModelMetadata }> {
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Manifest;
  if (manifest.format !== FORMAT) throw new Error(`${dir}: not a learned forecaster (format ${String(manifest.format)})`);
  if (manifest.family !== family) throw new Error(`${dir}: holds a ${manifest.family} model, not ${family}`);
  const metadata = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as ModelMetadata;
  const bytes = await readFile(join(dir, 'weights.bin'));
  const expected = manifest.members.reduce((n, m) => n + m.shapes.reduce((k, s) => k + s.reduce((a, b) => a * b, 1), 0), 0);
  if (bytes.length !== expected * 4) throw new Error(`${dir}/weights.bin: ${bytes.length} bytes, expected ${expected * 4}`);
  const weights = new Float32Array(expected);
  for (let i = 0; i < expected; i++) weights[i] = bytes.readFloatLE(i * 4);
  const hash = weightsHash(weights);
  if (!metadata.version.endsWith(`-${hash}`)) throw new Error(`${dir}: weights.bin (hash ${hash}) does not match version ${metadata.version}`);
  return { manifest, weights, metadata };
}

/** Only model.json (the hyper-parameters a loader builds the model from). */
export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Manifest;
}
