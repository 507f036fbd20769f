import { canonicalJson } from '../../json/canonical.js';
import { eventHash, type LedgerEvent } from '../event.js';
import { leafHash, merkleRoot } from '../merkle.js';

/** Whether payloads travel in the transaction (and so live on every peer) or stay with the caller. */
export type PayloadPlacement = 'on-chain' | 'off-chain';

/** One AppendBatch argument plus what the client needs to check the chaincode's answer. */
export interface EncodedBatch {
  json: string;
  root: string;
  hashes: string[];
}

/**
 * Encodes events as the chaincode's AppendBatch argument `{root, events}`, canonical JSON so
 * the same batch is the same bytes on every attempt. Off-chain payloads are left out: the
 * chaincode then stores the event with its `payloadHash` only.
 */
export function encodeBatch(events: readonly LedgerEvent[], payloads: PayloadPlacement): EncodedBatch {
  if (events.length === 0) throw new RangeError('A batch needs at least one event');
  const hashes = events.map(eventHash);
  const root = merkleRoot(hashes.map(leafHash));
  return { json: canonicalJson({ root, events: events.map((e) => sent(e, payloads)) }), root, hashes };
}

/** An event as the AppendBatch argument carries it: without its payload when off-chain. */
function sent(e: LedgerEvent, payloads: PayloadPlacement): Omit<LedgerEvent, 'payload'> {
  if (payloads === 'on-chain') return e;
  const { payload: _payload, ...rest } = e;
  return rest;
}

/** Bytes an event adds to an AppendBatch argument (its canonical JSON and a separating comma). */
export function eventArgumentBytes(e: LedgerEvent, payloads: PayloadPlacement): number {
  return Buffer.byteLength(canonicalJson(sent(e, payloads))) + 1;
}

/** The chaincode's `event~<id>` record, as GetEvent / GetEvents / queries return it. */
export interface ChainRecord {
  event: LedgerEvent;
  batch: number;
  index: number;
  hash: string;
}

/** What AppendBatch answers. */
export interface AppendAnswer {
  batch: number;
  root: string;
  size: number;
}

/** The chaincode's `batch~<n>` record. */
export interface ChainBatch {
  batch: number;
  root: string;
  size: number;
  eventIds: string[];
  eventHashes: string[];
  txId: string;
}

/** Parses a chaincode reply; a reply that is not JSON is a broken chaincode, said plainly. */
export function decodeReply<T>(fn: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`Chaincode ${fn} returned something that is not JSON: ${text.slice(0, 200)}`);
  }
}
