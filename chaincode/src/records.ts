import type { Context } from 'fabric-contract-api';
import { canonicalJson } from './hashing.js';
import { BATCH, BATCH_COUNT, EVENT, batchKeyPart } from './keys.js';
import type { ChainEvent } from './validate.js';

/** What `event~<id>` holds: the event (payload only when it was sent on-chain) and where it sits. */
export interface EventRecord {
  event: ChainEvent;
  batch: number;
  index: number;
  hash: string;
}

/** What `batch~<n>` holds. `txId` ties the batch to the transaction that wrote it. */
export interface BatchRecord {
  batch: number;
  root: string;
  size: number;
  eventIds: string[];
  eventHashes: string[];
  txId: string;
}

/** Deterministic bytes for state and replies: canonical (sorted-key) JSON, UTF-8. */
export function encode(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}

export function eventKey(ctx: Context, id: string): string {
  return ctx.stub.createCompositeKey(EVENT, [id]);
}

export function readEvent(ctx: Context, id: string): Promise<EventRecord | undefined> {
  return readJson<EventRecord>(ctx, eventKey(ctx, id));
}

export function batchKey(ctx: Context, n: number): string {
  return ctx.stub.createCompositeKey(BATCH, [batchKeyPart(n)]);
}

export function readBatch(ctx: Context, n: number): Promise<BatchRecord | undefined> {
  return readJson<BatchRecord>(ctx, batchKey(ctx, n));
}

export async function batchCount(ctx: Context): Promise<number> {
  return (await readJson<number>(ctx, BATCH_COUNT)) ?? 0;
}

/** Values of every key under a partial composite key, in key order. */
export async function scan(ctx: Context, objectType: string, attributes: string[]): Promise<{ key: string; value: Uint8Array }[]> {
  const out: { key: string; value: Uint8Array }[] = [];
  for await (const kv of ctx.stub.getStateByPartialCompositeKey(objectType, attributes)) {
    out.push({ key: kv.key, value: kv.value });
  }
  return out;
}
