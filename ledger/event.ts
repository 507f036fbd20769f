import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../json/canonical.js';
import { InvalidEventError } from './errors/invalid-event.js';

/** What an event is about. Reports and queries select by subject. */
export const subjectSchema = z.strictObject({
  kind: z.enum(['incident', 'host', 'service', 'runbook']),
  id: z.string().min(1).max(200),
});
export type Subject = z.infer<typeof subjectSchema>;

/** Dotted lowercase names such as `runbook.step.approved` or `incident.opened`. */
const typeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'expected a dotted lowercase name such as `runbook.step.started`');

const hexHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest (64 lowercase hex characters)');

/** JSON values only: payloads are hashed canonically, so functions, dates and NaN are refused. */
const jsonSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'expected a finite number'),
    z.boolean(),
    z.null(),
    z.array(jsonSchema),
    z.record(z.string(), jsonSchema),
  ]),
);

/** What callers hand to `append`: `payloadHash` is computed when left out. */
export const eventInputSchema = z.strictObject({
  id: z.string().min(1).max(512),
  type: typeSchema,
  subject: subjectSchema,
  actor: z.string().min(1).max(200),
  time: z.iso.datetime({ offset: true }),
  payloadHash: hexHash.optional(),
  payload: jsonSchema.optional(),
});
export type EventInput = z.input<typeof eventInputSchema>;

/** A validated event: `payloadHash` always present; `payload` may live off-ledger. */
export interface LedgerEvent {
  id: string;
  type: string;
  subject: Subject;
  actor: string;
  time: string;
  payloadHash: string;
  payload?: unknown;
}

/** sha256 of the canonical JSON of a payload (of `null` when there is none). */
export function payloadHashOf(payload: unknown): string {
  return sha256Hex(canonicalJson(payload ?? null));
}

/**
 * Validates an event for append. Throws InvalidEventError naming each bad field; a given
 * `payloadHash` must match the given `payload`.
 */
export function parseEvent(input: unknown): LedgerEvent {
  const parsed = eventInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidEventError(parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`));
  }
  const { payload, payloadHash, ...rest } = parsed.data;
  const computed = payload === undefined ? undefined : payloadHashOf(payload);
  if (computed !== undefined && payloadHash !== undefined && computed !== payloadHash) {
    throw new InvalidEventError([`payloadHash: does not match the payload (payload hashes to ${computed})`]);
  }
  const event: LedgerEvent = { ...rest, payloadHash: payloadHash ?? computed ?? payloadHashOf(null) };
  if (payload !== undefined) event.payload = payload;
  return event;
}

/**
 * The hash the ledger commits to for one event: its fields without the payload itself, so a
 * payload kept off-ledger still verifies through `payloadHash`.
 */
export function eventHash(event: LedgerEvent): string {
  const { payload: _payload, ...committed } = event;
  return sha256Hex(canonicalJson(committed));
}

/** One event id rule for writers and readers: see events/vocabulary.ts. */
export { eventId } from '../events/vocabulary.js';
