/**
 * The compile worker thread (started by budget.ts through worker-entry.js):
 * compiles one file per request and answers with its result as plain data.
 * Runs in its own thread so that the caller can stop a compile that takes
 * too long, which a synchronous parse cannot do by itself.
 */
import { parentPort } from 'node:worker_threads';
import { compileFile } from './files.js';
import { toWire, type CompileReply, type CompileRequest } from './wire.js';

if (!parentPort) throw new Error('Cannot run compiler/worker.ts outside a worker thread');
const port = parentPort;

port.on('message', (request: CompileRequest) => {
  const { path, ...options } = request;
  compileFile(path, options).then(
    (result) => port.postMessage({ result: toWire(result) } satisfies CompileReply),
    // A parser stack overflow on absurd nesting is the page's doing; the caller reports it.
    (error: unknown) => port.postMessage({ crash: error instanceof Error ? error.message : String(error) } satisfies CompileReply),
  );
});
port.postMessage('ready');
