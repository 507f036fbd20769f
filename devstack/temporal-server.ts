import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { findTemporalBinary } from './temporal-binary.js';
import { freePort } from './ports.js';
import { ensureSearchAttributes } from './search-attributes.js';

/**
 * SQLite settings of the file-backed dev server. The default rollback journal (`journal_mode=delete`)
 * writes about 4 MB and 2,240 write calls per short run; write-ahead logging with
 * `synchronous=NORMAL` commits with one append to the WAL and no fsync per transaction. A killed
 * server (`kill -9`) loses nothing it acknowledged, since the WAL is written before the reply
 * (test/devstack/sqlite-durability.test.ts); only a power cut may lose the last transactions.
 * Measured in bench/RESULTS.md (bench:scale).
 */
export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=NORMAL'] as const;

export interface DevServerOptions {
  /** SQLite file; its folder is created. Omit for an in-memory server. */
  dbFilename?: string;
  port?: number;
  /** Web UI port; `false` runs headless. */
  uiPort?: number | false;
  namespace?: string;
  binary?: string;
  /** Where the server's own output goes (appended); default: discarded. */
  logFile?: string;
  /** How long to wait for the frontend to answer. */
  startTimeoutMs?: number;
  /**
   * Run the server in its own process group, so a terminal's Ctrl-C reaches only
   * the parent, which stops its workers before the server (`swaybot up`).
   */
  detached?: boolean;
}

export interface DevServer {
  address: string;
  port: number;
  uiUrl?: string;
  namespace: string;
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1, waits until its frontend
 * answers, and registers swaybot's search attributes (idempotent, also on an
 * existing database file).
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const binary = options.binary ?? findTemporalBinary();
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', namespace,
    '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--dynamic-config-value', 'frontend.workerVersioningWorkflowAPIs=true',
  ];
  if (options.dbFilename) {
    mkdirSync(dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
    for (const pragma of SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  let uiUrl: string | undefined;
  if (options.uiPort === false) args.push('--headless');
  else {
    const uiPort = options.uiPort ?? (await freePort());
    args.push('--ui-ip', '127.0.0.1', '--ui-port', String(uiPort));
    uiUrl = `http://127.0.0.1:${uiPort}`;
  }
  let out: number | 'ignore' = 'ignore';
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    out = openSync(options.logFile, 'a');
  }
  const child = spawn(binary, args, { stdio: ['ignore', out, out], detached: options.detached ?? false });
  if (typeof out === 'number') closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code));

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let connection: Connection | undefined;
  let lastError: unknown;
  while (!connection) {
    if (exitCode !== null || child.exitCode !== null) {
      throw new Error(`temporal server exited with code ${child.exitCode ?? exitCode} before answering` +
        (options.logFile ? ` (see ${options.logFile})` : ''));
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`temporal server did not answer on ${address} in time: ${String(lastError)}`);
    }
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.getSystemInfo({});
      connection = c;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await ensureSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }

  return {
    address,
    port,
    ...(uiUrl ? { uiUrl } : {}),
    namespace,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
