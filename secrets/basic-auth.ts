import type { Scrubber } from './scrubber.js';

const BASIC = /^(Basic[ \t]+)(.*)$/i;

/**
 * An `Authorization` value written `Basic {secret:env/USER}:{secret:env/PASS}`, once resolved, is
 * encoded as RFC 7617 asks: `Basic base64(user:pass)`. Only a value whose credentials came from a
 * reference and still hold a `:` is encoded (base64 has no `:`, so an encoded one is left alone).
 * The encoded credential is scrubbed too, labelled with the credentials as written.
 */
export function encodeBasicCredentials(written: string, resolved: string, scrubber: Scrubber): string {
  const writtenParts = BASIC.exec(written);
  const parts = BASIC.exec(resolved);
  if (!writtenParts || !parts || !written.includes('{secret:')) return resolved;
  const credentials = parts[2] ?? '';
  if (!credentials.includes(':')) return resolved;
  const encoded = Buffer.from(credentials, 'utf8').toString('base64');
  const label = writtenParts[2] ?? '';
  scrubber.addDerived(credentials, label);
  scrubber.addDerived(encoded, label);
  return `${parts[1] ?? 'Basic '}${encoded}`;
}
