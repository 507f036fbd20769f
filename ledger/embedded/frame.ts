/**
 * Framing for segment files: one record per line, `LLLLLLLL <json>\n`, where LLLLLLLL is the
 * byte length of the JSON as 8 hex digits. Lines keep the files greppable; the length and the
 * newline together tell a complete frame from a torn one.
 */

const HEADER = 9; // 8 hex digits and a space

/** Encodes one record body (already canonical JSON) as a frame. */
export function encodeFrame(json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  if (body.length > 0xffffffff) throw new RangeError('Record too large for a frame');
  return Buffer.concat([Buffer.from(`${body.length.toString(16).padStart(8, '0')} `, 'latin1'), body, Buffer.from('\n')]);
}

/** One frame read back: its body text, or why it could not be read. */
export type ReadFrame =
  | { offset: number; end: number; json: string }
  | { offset: number; end: number; error: string };

/** Result of splitting a segment: the complete frames and where an unterminated tail starts. */
export interface SplitSegment {
  frames: ReadFrame[];
  /** Offset of trailing bytes with no newline (a torn frame), if any. */
  partialAt?: number;
}

/** Splits a segment's bytes into frames. Never throws: bad frames carry an `error`. */
export function splitFrames(buf: Buffer): SplitSegment {
  const frames: ReadFrame[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1) return { frames, partialAt: pos };
    const end = nl + 1;
    const header = buf.toString('latin1', pos, Math.min(pos + HEADER, nl));
    const declared = /^[0-9a-f]{8} $/.test(header) ? Number.parseInt(header.slice(0, 8), 16) : undefined;
    const actual = nl - pos - HEADER;
    if (declared === undefined) frames.push({ offset: pos, end, error: 'frame header is not 8 hex digits and a space' });
    else if (declared !== actual) frames.push({ offset: pos, end, error: `frame declares ${declared} bytes but holds ${actual}` });
    else frames.push({ offset: pos, end, json: buf.toString('utf8', pos + HEADER, nl) });
    pos = end;
  }
  return { frames };
}
