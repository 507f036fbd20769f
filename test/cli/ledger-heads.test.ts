import { mkdtempSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createLedgerRecord } from '../../activities/ledger-record.js';
import { EmbeddedLedger, type Receipt } from '../../ledger/index.js';
import { stepEvent } from '../ledger/support.js';
import { cutLastBatch, rewriteLastEvent } from '../ledger/tamper.js';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

const SEGMENT = 'segment-000001.log';
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Another module of this process installed the runtime first.
}

/** Three batches (2, 1, 1 events); the receipts of the last append, saved as a file, are the head to check. */
async function ledgerWithReceipt(options: { maxSegmentBytes?: number } = {}): Promise<{ dir: string; receiptFile: string; receipt: Receipt }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'swaybot-cli-heads-')), 'ledger');
  const ledger = await EmbeddedLedger.open({ dir, ...options });
  await Promise.all([0, 1].map((n) => ledger.append(stepEvent(n))));
  await ledger.append(stepEvent(2));
  const receipt = await ledger.append(stepEvent(3));
  await ledger.close();
  const receiptFile = join(dirname(dir), 'receipt.json');
  writeFileSync(receiptFile, JSON.stringify(receipt));
  return { dir, receiptFile, receipt };
}

const verify = (dir: string, ...more: string[]) => runInProcess(['ledger', 'verify', '--dir', dir, ...more], cliEnv());

describe('swaybot ledger verify --head', () => {
  it('passes a healthy ledger held to the head in a receipt (a file, or the head inline)', async () => {
    const { dir, receiptFile, receipt } = await ledgerWithReceipt();
    const fromFile = await verify(dir, '--head', receiptFile);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.stdout).toMatch(/✔ head size 4, root [0-9a-f]{16}…, signed .* \(from .*receipt\.json\): the ledger's first 4 of 4 event\(s\) hash to the signed root/);
    expect(fromFile.stdout).toContain('OK: 7 records, 4 events, 3 batches checked, held to 1 signed head');
    expect(fromFile.code).toBe(0);
    const inline = await verify(dir, '--head', JSON.stringify(receipt.head));
    expect(inline.code).toBe(0);
  });

  it('fails a ledger whose last batch was cut off, which plain verify passes', async () => {
    const { dir, receiptFile } = await ledgerWithReceipt();
    cutLastBatch(join(dir, SEGMENT));
    expect((await verify(dir)).code).toBe(0);
    const result = await verify(dir, '--head', receiptFile);
    expect(result.stdout).toMatch(/✖ head size 4, .*: the ledger holds 3 committed event\(s\), but this head was signed over 4: 1 acknowledged event\(s\) are missing \(truncated\)/);
    expect(result.stdout).toMatch(/✖ ledger .*: 1 signed head not matched \(5 records, 3 events, 2 batches checked, held to 1 signed head\)/);
    expect(result.code).toBe(1);
    const json = await verify(dir, '--head', receiptFile, '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: [], heads: [{ ok: false, source: receiptFile, head: { size: 4 } }] });
  });

  it('fails a ledger whose last segment was deleted', async () => {
    const { dir, receiptFile } = await ledgerWithReceipt({ maxSegmentBytes: 1 });
    const segments = readdirSync(dir).filter((n) => n.startsWith('segment-')).sort();
    unlinkSync(join(dir, segments.at(-1)!));
    expect((await verify(dir)).code).toBe(0);
    const result = await verify(dir, '--head', receiptFile);
    expect(result.stdout).toMatch(/truncated/);
    expect(result.code).toBe(1);
  });

  it('fails a ledger whose last event was rewritten with chain, root and commit recomputed', async () => {
    const { dir, receiptFile } = await ledgerWithReceipt();
    rewriteLastEvent(join(dir, SEGMENT), (e) => void (e.actor = 'mallory'));
    const plain = await verify(dir);
    expect(plain.stdout).toContain('OK: 7 records, 4 events, 3 batches checked');
    const result = await verify(dir, '--head', receiptFile);
    expect(result.stdout).toMatch(/✖ head size 4, .*: the ledger's first 4 event\(s\) hash to [0-9a-f]{16}…, not the signed root [0-9a-f]{16}…: events the head covers were rewritten/);
    expect(result.code).toBe(1);
  });

  it('fails a head that a key it was not told to trust signed', async () => {
    const { dir, receiptFile } = await ledgerWithReceipt();
    const other = await ledgerWithReceipt();
    const result = await verify(dir, '--head', receiptFile, '--key', join(dirname(other.dir), 'keys', 'ledger-head.pub'));
    expect(result.stdout).toMatch(/which is not a trusted head key/);
    expect(result.code).toBe(1);
  });

  it('refuses a --head that holds no signed head, naming the option', async () => {
    const { dir } = await ledgerWithReceipt();
    const result = await verify(dir, '--head', '{"size":4}');
    expect(result.stderr).toMatch(/Unexpected --head value: it holds no signed head/);
    expect(result.code).toBe(2);
    const missing = await verify(dir, '--head', join(dir, 'no-such-file.json'));
    expect(missing.stderr).toMatch(/no such file, and not JSON/);
    expect(missing.code).toBe(2);
  });

  it('reports a damaged commit record of the last batch instead of passing it as uncommitted', async () => {
    const { dir } = await ledgerWithReceipt();
    const path = join(dir, SEGMENT);
    const bytes = readFileSync(path);
    const at = bytes.lastIndexOf('"k":"commit"');
    bytes.write('"k":"kommit"', at);
    writeFileSync(path, bytes);
    const result = await verify(dir);
    expect(result.stdout).toMatch(/damaged record \(unknown record kind "kommit"\), complete on disk after the last readable commit record, so not a torn write/);
    expect(result.stdout).not.toContain('not committed yet');
    expect(result.code).toBe(1);
  });
});

describe('swaybot ledger prove --head', () => {
  it('proves an event against the signed head, not only the root the ledger stores', async () => {
    const { dir, receiptFile } = await ledgerWithReceipt();
    const ok = await runInProcess(['ledger', 'prove', stepEvent(1).id, '--dir', dir, '--head', receiptFile], cliEnv());
    expect(ok.stdout).toMatch(/✔ included in signed head size 4, .*: the proof over the log's first 4 events verifies against the signed root/);
    expect(ok.code).toBe(0);

    rewriteLastEvent(join(dir, SEGMENT), (e) => void (e.actor = 'mallory'));
    const own = await runInProcess(['ledger', 'prove', stepEvent(3).id, '--dir', dir], cliEnv());
    expect(own.stdout).toMatch(/✔ proof verifies against batch 3 root/);
    expect(own.stdout).toContain('checked against the root this ledger stores; pass --head');
    const signed = await runInProcess(['ledger', 'prove', stepEvent(3).id, '--dir', dir, '--head', receiptFile], cliEnv());
    expect(signed.stdout).toMatch(/✖ NOT proved against signed head size 4, .*: the event as this ledger holds it, .* does not hash to the signed root/);
    expect(signed.code).toBe(1);
  });
});

describe('swaybot ledger rotate-key', () => {
  it('makes a new key and keeps heads signed by the old one verifiable', async () => {
    const { dir, receiptFile, receipt } = await ledgerWithReceipt();
    const result = await runInProcess(['ledger', 'rotate-key', '--dir', dir], cliEnv());
    expect(result.stdout).toContain(`✔ retired head key ${receipt.head!.keyId.slice(0, 16)}…`);
    expect(result.code).toBe(0);
    expect((await verify(dir, '--head', receiptFile)).code).toBe(0);
  });
});

describe('swaybot ledger verify --receipts', () => {
  it('checks the heads in the ledgerRecord results of Temporal histories, and fails once the ledger is cut', async () => {
    const taskQueue = uniqueTaskQueue('ledger-receipts');
    const env = cliEnv({ taskQueue });
    const dir = join(dirname(env['SWAYBOT_CONFIG']!), 'state', 'ledger');
    const ledger = await EmbeddedLedger.open({ dir });
    const server = await connectTestServer();
    const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
    try {
      const bundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../ledger/receipts-workflow.ts', import.meta.url)), logger: quiet });
      const worker = await Worker.create({
        connection: server.nativeConnection,
        namespace: server.namespace,
        taskQueue,
        workflowBundle: bundle,
        activities: { ledgerRecord: createLedgerRecord(ledger, quiet) },
      });
      const workflowId = `${taskQueue}-run`;
      expect(await worker.runUntil(server.client.workflow.execute('recordWithReceipts', { taskQueue, workflowId }))).toBe(3);
      // Visibility lags the run a little: wait until the listing the CLI makes sees it.
      for (let i = 0; i < 100; i++) {
        const listed = [];
        for await (const w of server.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) listed.push(w);
        if (listed.length > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await ledger.close();
      await server.close();
    }

    const held = await runInProcess(['ledger', 'verify', '--receipts'], env);
    expect(held.stderr).toBe('');
    // One head from the local activity's marker (2 events), one from the activity's result (3).
    expect(held.stdout).toMatch(/✔ head size 2, .*\(from workflow .*-run run .*\)/);
    expect(held.stdout).toMatch(/✔ head size 3, /);
    expect(held.stdout).toContain('OK: 5 records, 3 events, 2 batches checked, held to 2 signed heads');
    expect(held.code).toBe(0);

    cutLastBatch(join(dir, SEGMENT));
    const cut = await runInProcess(['ledger', 'verify', '--receipts', '--format', 'json'], env);
    const report = JSON.parse(cut.stdout) as { ok: boolean; heads: { ok: boolean; reason: string; source: string; head: { size: number } }[] };
    expect(report.ok).toBe(false);
    expect(report.heads.find((h) => h.head.size === 3)).toMatchObject({ ok: false, reason: expect.stringMatching(/truncated/), source: expect.stringContaining(`${taskQueue}-run`) });
    expect(cut.code).toBe(1);
  }, 120_000);
});
