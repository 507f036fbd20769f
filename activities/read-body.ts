/** Response bodies are cut here: step outputs live in workflow history, which has size limits. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads at most `limit` bytes of the body and decodes it: parsed JSON when the
 * content type says JSON and the whole body fit, else text.
 */
export async function readBody(response: Response, limit = MAX_BODY_BYTES): Promise<unknown> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = Buffer.concat(chunks).subarray(0, limit);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const type = response.headers.get('content-type') ?? '';
  if (!truncated && /\bjson\b|\+json/i.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
