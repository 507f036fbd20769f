/**
 * Run by timeout-gc.test.ts as `node --expose-gc --import tsx timeout-under-gc.ts <url> <timeout>`:
 * one `http.request` to a server that never answers while the garbage collector runs every
 * 20 ms. Prints one JSON line: how the request ended and after how many ms; then lingers a
 * second, still collecting, so the test can tell that the socket closed before the process ended.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { createHttpRequest } from '../../../activities/http-request.js';

const [url = '', timeout = '300ms'] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Cannot collect garbage without `--expose-gc`');

const httpRequest = createHttpRequest(['127.0.0.1'], pino({ level: 'silent' }));
const started = Date.now();
setInterval(gc, 20);
// Keeps the process alive when nothing else would (a collected timeout leaves no timer behind).
const deadline = setTimeout(() => finish({ outcome: 'hung' }), 5_000);

function finish(result: Record<string, unknown>): void {
  clearTimeout(deadline);
  process.stdout.write(`${JSON.stringify({ ...result, ms: Date.now() - started })}\n`);
  setTimeout(() => process.exit(0), 1_000);
}

new MockActivityEnvironment({ activityId: 'gc' }, { logger: new DefaultLogger('ERROR') })
  .run(httpRequest, { url, timeout })
  .then(
    () => finish({ outcome: 'answered' }),
    (err: unknown) => finish({ outcome: 'failed', name: (err as Error).name, message: (err as Error).message }),
  );
