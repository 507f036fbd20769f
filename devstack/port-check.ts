/** Finds out, before starting anything, whether a port is free, and if not, who holds it. */
import { Connection } from '@temporalio/client';
import { isListening } from './ports.js';
import { StackError } from './stack-error.js';

/** True when a Temporal frontend answers at `address` within a few seconds. */
export async function temporalAnswers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * Throws a `StackError` that says what to do when `port` on 127.0.0.1 is taken:
 * when a Temporal server holds it, how to use that server instead.
 */
export async function checkPortFree(port: number, what: string, flag: string): Promise<void> {
  if (!(await isListening(port))) return;
  const address = `127.0.0.1:${port}`;
  if (flag === '--port' && (await temporalAnswers(address))) {
    throw new StackError(
      `A Temporal server is already running on ${address} (another \`swaybot up\`, or your own).\n` +
        `  To use it instead of starting one:  TEMPORAL_ADDRESS=${address} npm start\n` +
        `  To run a second stack beside it:    npx swaybot up --port <port> --ui-port <port> --state-dir <dir>`,
    );
  }
  throw new StackError(`Port ${port} (${what}) is in use by another program; stop it, or choose another with ${flag} <port>.`);
}
