/**
 * Bytes → text. A runbook is UTF-8; bytes that are not become `bad-encoding`
 * errors at their line and column instead of U+FFFD hidden in step ids and
 * commands. Text keeps a byte order mark as U+FEFF, like `readFile(…, 'utf8')`.
 */
import type { Place } from './diagnostics.js';

/** At most this many `bad-encoding` messages per file: a Latin-1 file would otherwise give one per accent. */
const MAX_REPORTED = 10;

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export interface BadBytes {
  place: Place;
  /** The first byte of the ill-formed sequence. */
  byte: number;
}

export interface Decoded {
  text: string;
  /** Ill-formed sequences, the first few (see `more`). */
  bad: BadBytes[];
  /** How many ill-formed sequences follow the reported ones. */
  more: number;
}

/** The continuation range allowed after lead byte `b` (Unicode table 3-7), or undefined for a byte that cannot start a character. */
function sequenceOf(b: number): { need: number; lo: number; hi: number } | undefined {
  if (b >= 0xc2 && b <= 0xdf) return { need: 1, lo: 0x80, hi: 0xbf };
  if (b === 0xe0) return { need: 2, lo: 0xa0, hi: 0xbf };
  if (b === 0xed) return { need: 2, lo: 0x80, hi: 0x9f };
  if (b >= 0xe1 && b <= 0xef) return { need: 2, lo: 0x80, hi: 0xbf };
  if (b === 0xf0) return { need: 3, lo: 0x90, hi: 0xbf };
  if (b >= 0xf1 && b <= 0xf3) return { need: 3, lo: 0x80, hi: 0xbf };
  if (b === 0xf4) return { need: 3, lo: 0x80, hi: 0x8f };
  return undefined;
}

/** Byte offsets where ill-formed sequences start (each maximal subpart once, as decoders replace them). */
function invalidOffsets(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const seq = sequenceOf(b);
    let j = 1;
    for (; seq && j <= seq.need; j++) {
      const c = bytes[i + j];
      if (c === undefined || c < (j === 1 ? seq.lo : 0x80) || c > (j === 1 ? seq.hi : 0xbf)) break;
    }
    if (seq && j > seq.need) {
      i += j;
      continue;
    }
    offsets.push(i);
    i += j;
  }
  return offsets;
}

/** Line and column (in characters, as the markdown parser counts) of byte `offset`. */
function placeOfByte(bytes: Uint8Array, offset: number): Place {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: lenient.decode(bytes.subarray(lineStart, offset)).length + 1 };
}

/** Decodes UTF-8 bytes; ill-formed sequences are listed with their places (and read as U+FFFD in `text`). */
export function decodeRunbook(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes), bad: [], more: 0 };
  } catch {
    const offsets = invalidOffsets(bytes);
    const bad = offsets.slice(0, MAX_REPORTED).map((offset) => ({ place: placeOfByte(bytes, offset), byte: bytes[offset]! }));
    return { text: lenient.decode(bytes), bad, more: offsets.length - bad.length };
  }
}
