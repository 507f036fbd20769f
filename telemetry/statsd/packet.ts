/**
 * A UDP packet of StatsD lines: split on `\n` (a `\r` before it is dropped, empty lines skipped),
 * each line parsed on its own. A Buffer that is valid UTF-8 is decoded once and scanned in place;
 * one that is not is split by bytes, so only its invalid lines are refused (`not-utf8`). Never throws.
 */
import { isUtf8 } from 'node:buffer';
import { parseRange } from './line.js';
import { DEFAULT_LIMITS, emptyCounts, type MalformedReason, type PacketResult, type ParseLimits } from './types.js';

const REJECTION_CHARS = 256;

/** Counts a refused line; the packet's first one is kept (cut short) for a debug log. */
function reject(out: PacketResult, reason: MalformedReason, source: string | Buffer, start: number, end: number): void {
  out.malformed[reason]++;
  out.rejected++;
  if (out.firstRejection !== null) return;
  const stop = Math.min(end, start + REJECTION_CHARS);
  const line = typeof source === 'string' ? source.slice(start, stop) : source.toString('utf8', start, stop);
  out.firstRejection = { reason, line };
}

/** Parses every line of already-decoded text into `out`. */
function parseText(text: string, limits: ParseLimits, out: PacketResult): void {
  const length = text.length;
  let pos = 0;
  while (pos <= length) {
    let newline = text.indexOf('\n', pos);
    if (newline === -1) newline = length;
    let end = newline;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (end > pos) {
      const result = parseRange(text, pos, end, limits);
      if (typeof result === 'string') reject(out, result, text, pos, end);
      else out.metrics.push(result);
    }
    pos = newline + 1;
  }
}

/** Parses a packet whose bytes are not all valid UTF-8, line by line. */
function parseBytes(bytes: Buffer, limits: ParseLimits, out: PacketResult): void {
  const length = bytes.length;
  let pos = 0;
  while (pos <= length) {
    let newline = bytes.indexOf(10, pos);
    if (newline === -1) newline = length;
    let end = newline;
    if (end > pos && bytes[end - 1] === 13) end--;
    if (end > pos) {
      const line = bytes.subarray(pos, end);
      if (isUtf8(line)) {
        // Parsed as cut (its `\r` already dropped): through parseText a lone `\r` line would lose it twice.
        const text = line.toString('utf8');
        const result = parseRange(text, 0, text.length, limits);
        if (typeof result === 'string') reject(out, result, text, 0, text.length);
        else out.metrics.push(result);
      } else reject(out, 'not-utf8', bytes, pos, end);
    }
    pos = newline + 1;
  }
}

/**
 * Parses one packet (bytes or text). `metrics.length + rejected` is the number of non-empty lines,
 * and `malformed` counts the refused ones by reason.
 */
export function parsePacket(packet: Uint8Array | string, limits: ParseLimits = DEFAULT_LIMITS): PacketResult {
  const out: PacketResult = { metrics: [], malformed: emptyCounts(), rejected: 0, firstRejection: null };
  if (typeof packet === 'string') {
    parseText(packet, limits, out);
    return out;
  }
  const bytes = Buffer.isBuffer(packet) ? packet : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (isUtf8(bytes)) parseText(bytes.toString('utf8'), limits, out);
  else parseBytes(bytes, limits, out);
  return out;
}
