/**
 * The file-backed dev server runs SQLite in WAL mode with synchronous=NORMAL (faster than the
 * default rollback journal). What it acknowledged must survive `kill -9` of the server: starts and
 * signals answered before the kill are all there after a restart on the same file.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_PRAGMAS, startDevServer, type DevServer } from '../../devstack/temporal-server.js';

const dir = mkdtempSync(join(tmpdir(), 'swaybot-sqlite-'));
const db = join(dir, 'temporal.db');
const servers: DevServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function clientOf(server: DevServer): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: server.address });
  return { client: new Client({ connection, namespace: server.namespace }), close: () => connection.close() };
}

describe('the dev server on SQLite (WAL, synchronous=NORMAL)', () => {
  it('keeps every start and signal it acknowledged through kill -9', async () => {
    expect(SQLITE_PRAGMAS).toContain('journal_mode=wal');
    const first = await startDevServer({ dbFilename: db, uiPort: false });
    servers.push(first);
    // The pragma took: SQLite keeps a write-ahead log beside the database.
    expect(existsSync(`${db}-wal`)).toBe(true);

    const ids = Array.from({ length: 40 }, (_, i) => `durable-${i}`);
    const { client, close } = await clientOf(first);
    try {
      // No worker polls this queue: the runs stay open, as runs waiting for approval do.
      for (const workflowId of ids) {
        const handle = await client.workflow.start('neverRuns', { taskQueue: 'sqlite-durability-nobody', workflowId, args: [] });
        await handle.signal('poke', workflowId);
      }
    } finally {
      await close();
    }
    first.process.kill('SIGKILL');
    await new Promise<void>((resolve) => (first.process.exitCode !== null || first.process.signalCode !== null ? resolve() : first.process.once('exit', () => resolve())));

    const second = await startDevServer({ dbFilename: db, uiPort: false });
    servers.push(second);
    const again = await clientOf(second);
    try {
      for (const workflowId of ids) {
        const description = await again.client.workflow.getHandle(workflowId).describe();
        expect(description.status.name).toBe('RUNNING');
        const history = await again.client.workflow.getHandle(workflowId).fetchHistory();
        const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
        expect(signals).toHaveLength(1);
      }
    } finally {
      await again.close();
    }
  });
});
