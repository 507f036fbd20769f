import { canonicalJson, sha256 } from './hashing.js';

/**
 * The batch schema, checked by hand because chaincode carries no schema library and must agree
 * with the swaybot ledger's zod schema (ledger/event.ts): same fields, limits and messages'
 * paths. Every problem is collected, so a rejected batch names all of them at once.
 */

export const SUBJECT_KINDS = ['incident', 'host', 'service', 'runbook'] as const;
/** Most events accepted in one AppendBatch: keeps a transaction's write set bounded. */
export const MAX_BATCH_EVENTS = 1000;

/** An event as committed: every field the event hash covers, plus an optional on-chain payload. */
export interface ChainEvent {
  id: string;
  type: string;
  subject: { kind: string; id: string };
  actor: string;
  time: string;
  payloadHash: string;
  payload?: unknown;
}

export interface Batch {
  root: string;
  events: ChainEvent[];
}

const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const HEX64 = /^[0-9a-f]{64}$/;
// RFC 3339 date-time with seconds and a Z or ±hh:mm offset; day-of-month checked below.
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a valid RFC 3339 instant as the ledger accepts it (offset required, seconds required). */
export function isIsoInstant(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  const offsetOk = m[8] === 'Z' || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}

function isJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  return isObject(v) && Object.values(v).every(isJson);
}

function checkString(issues: string[], path: string, v: unknown, max: number): void {
  if (typeof v !== 'string') issues.push(`${path}: expected a string`);
  else if (v.length < 1 || v.length > max) issues.push(`${path}: expected 1 to ${max} characters`);
  // Composite state keys are NUL-separated: a NUL inside an id or subject would forge keys.
  else if (v.includes('\u0000')) issues.push(`${path}: must not contain U+0000`);
}

function checkKeys(issues: string[], path: string, v: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(v)) if (!allowed.includes(key)) issues.push(`${path}${path ? '.' : ''}${key}: unknown field`);
}

/** Problems with one event, each as `path: message`; empty when the event is valid. */
export function eventIssues(v: unknown, path: string): string[] {
  const issues: string[] = [];
  if (!isObject(v)) return [`${path}: expected an object`];
  checkKeys(issues, path, v, ['id', 'type', 'subject', 'actor', 'time', 'payloadHash', 'payload']);
  checkString(issues, `${path}.id`, v.id, 512);
  if (typeof v.type !== 'string' || !TYPE.test(v.type)) issues.push(`${path}.type: expected a dotted lowercase name such as \`runbook.step.started\``);
  if (!isObject(v.subject)) issues.push(`${path}.subject: expected an object`);
  else {
    checkKeys(issues, `${path}.subject`, v.subject, ['kind', 'id']);
    if (!SUBJECT_KINDS.includes(v.subject.kind as never)) issues.push(`${path}.subject.kind: expected one of ${SUBJECT_KINDS.join(', ')}`);
    checkString(issues, `${path}.subject.id`, v.subject.id, 200);
  }
  checkString(issues, `${path}.actor`, v.actor, 200);
  if (typeof v.time !== 'string' || !isIsoInstant(v.time)) issues.push(`${path}.time: expected an ISO 8601 date-time with seconds and an offset`);
  if (typeof v.payloadHash !== 'string' || !HEX64.test(v.payloadHash)) issues.push(`${path}.payloadHash: expected a sha256 hex digest (64 lowercase hex characters)`);
  if ('payload' in v) {
    if (!isJson(v.payload)) issues.push(`${path}.payload: expected JSON (finite numbers, no undefined)`);
    else if (typeof v.payloadHash === 'string' && sha256(canonicalJson(v.payload)) !== v.payloadHash) {
      issues.push(`${path}.payloadHash: does not match the payload`);
    }
  }
  return issues;
}

/** Parses and checks a batch; throws `INVALID_BATCH: …` naming every problem. */
export function parseBatch(json: string): Batch {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (error) {
    throw new Error(`INVALID_BATCH: not JSON (${(error as Error).message})`);
  }
  const issues: string[] = [];
  if (!isObject(v)) throw new Error('INVALID_BATCH: expected an object {root, events}');
  checkKeys(issues, '', v, ['root', 'events']);
  if (typeof v.root !== 'string' || !HEX64.test(v.root)) issues.push('root: expected a sha256 hex digest (64 lowercase hex characters)');
  if (!Array.isArray(v.events) || v.events.length === 0) issues.push('events: expected a non-empty array');
  else if (v.events.length > MAX_BATCH_EVENTS) issues.push(`events: at most ${MAX_BATCH_EVENTS} events per batch, got ${v.events.length}`);
  else v.events.forEach((e, i) => issues.push(...eventIssues(e, `events[${i}]`)));
  if (issues.length > 0) throw new Error(`INVALID_BATCH: ${issues.join('; ')}`);
  return v as unknown as Batch;
}

/** The fields the event hash covers, in a fresh object (never the payload). */
export function committedFields(e: ChainEvent): Omit<ChainEvent, 'payload'> {
  return { id: e.id, type: e.type, subject: { kind: e.subject.kind, id: e.subject.id }, actor: e.actor, time: e.time, payloadHash: e.payloadHash };
}

/** sha256 of the canonical JSON of the committed fields: ledger/event.ts `eventHash`. */
export function hashEvent(e: ChainEvent): string {
  return sha256(canonicalJson(committedFields(e)));
}
