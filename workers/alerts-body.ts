/**
 * Reading an alert request's body with a size limit, enforced while reading: a body over
 * the limit is refused as soon as it says so (Content-Length) or grows past it, and the
 * rest is never buffered.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'body-too-large'; message: string }
  /** The sender went away before the body ended: nobody is left to answer. */
  | { ok: false; reason: 'aborted'; message: string };

/** Reads `req`'s body as UTF-8, up to `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge = (size: string): BodyResult => ({
    ok: false,
    reason: 'body-too-large',
    message: `Request body is ${size}, over the limit of ${limit} bytes (alerts.maxBodyBytes)`,
  });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.pause();
    return Promise.resolve(tooLarge(`${declared} bytes`));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop here: nothing more is kept; the receiver answers 413 and discards the rest (discardRest).
        req.pause();
        finish(tooLarge(`more than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    const onError = (err: Error) => finish({ ok: false, reason: 'aborted', message: err.message });
    const onClose = () => {
      if (!req.complete) finish({ ok: false, reason: 'aborted', message: 'the sender closed the connection before the body ended' });
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** How long, and how many bytes, the rest of a refused body is discarded before the connection is cut. */
export const LINGER_MS = 2000;
export const LINGER_BYTES = 1024 * 1024;

/**
 * After a 413: throws away what the sender still sends, so it can finish writing and read the
 * answer (closing at once would reset the connection, and the sender would see that instead
 * of the 413), but for at most `LINGER_MS` or `LINGER_BYTES`, then cuts the connection.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  let discarded = 0;
  const cut = () => {
    clearTimeout(timer);
    req.off('data', count);
    if (!req.complete) req.socket.destroy();
  };
  const count = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) cut();
  };
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.on('data', count).once('end', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
  req.resume();
}
