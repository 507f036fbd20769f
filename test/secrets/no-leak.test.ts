/**
 * A run that uses a secret leaves no trace of its value anywhere Temporal or swaybot keeps or
 * shows things: the whole history (payloads decoded), the Web UI's summary, details and current
 * details, the status query, the failure, the ledger and the activity log. The run sends the
 * secret (as a param holding a reference) in an `Authorization` header to a loopback server
 * that sets it as a cookie and echoes it, passes the echo to a later step, then calls a URL
 * whose path holds the secret and fails. The server's own record proves the value was sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../actions/index.js';
import { getStatus } from '../../client/runbooks.js';
import { EmbeddedLedger } from '../../ledger/index.js';
import type { ParamSpec } from '../../plan/types.js';
import { finalStatus, runFailure, withWorker } from '../support-interpreter/harness.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';
import { http, log, param, plan } from '../support-interpreter/plans.js';
import { memoryLogger } from '../activities/memory-logger.js';

const NAME = `SWAYBOT_SECRET_NO_LEAK_${randomBytes(4).toString('hex').toUpperCase()}`;
const SECRET = `leak me@${randomBytes(16).toString('hex')}+`;
const REF = `{secret:env/${NAME}}`;
/** The value and the encodings it could travel in. */
const FORMS = [SECRET, encodeURIComponent(SECRET), encodeURI(SECRET), SECRET.replace(/ /g, '%20'), Buffer.from(SECRET).toString('base64')];

let server: TestHttpServer;
let ledger: EmbeddedLedger;
beforeAll(async () => {
  process.env[NAME] = SECRET;
  ledger = await EmbeddedLedger.open({ dir: mkdtempSync(join(tmpdir(), 'swaybot-ledger-secrets-')) });
  server = await startHttpServer(
    {
      'GET /login': (req) => ({
        json: { authorization: req.headers.authorization, session: 'issued' },
        headers: { 'set-cookie': `session=${SECRET}; HttpOnly`, 'x-echo': String(req.headers.authorization) },
      }),
    },
    (req) => ({ status: 404, text: `no hook at ${req.url}` }),
  );
});
afterAll(async () => {
  delete process.env[NAME];
  await server.close();
  await ledger.close();
});

/**
 * JSON with every payload decoded, so a value inside one is plain text: history messages
 * serialise their bytes as base64 `data` strings, other objects may hold the bytes themselves.
 */
function decoded(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
    return key === 'data' && typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : v;
  });
}

function expectClean(text: string, where: string): void {
  for (const form of FORMS) expect(text.includes(form), `${where} holds the secret as ${JSON.stringify(form)}`).toBe(false);
}

describe('a run that uses a secret', () => {
  it('keeps its value out of history, the Web UI, the status, the failure, the ledger and the log', async () => {
    const mem = memoryLogger();
    const token: ParamSpec = { ...param('token', 'string'), secret: true } as ParamSpec;
    await withWorker({ ledger, logger: mem.logger }, async (h) => {
      const handle = await h.start({
        plan: plan(
          'secret-no-leak',
          [
            http('login', { url: `${server.url}/login`, headers: { Authorization: 'Bearer {{ params.token }}' } }, { as: 'login' }),
            log('note', 'login answered {{ json(login.body) }} with headers {{ json(login.headers) }}'),
            http('hook', { url: `${server.url}/hooks/{{ params.token }}?from=swaybot`, method: 'POST', body: { token: '{{ params.token }}' } }, { retry: { maximumAttempts: 1, initialInterval: '100ms', backoffCoefficient: 1 } }),
          ],
          { params: [token] },
        ),
        params: { token: REF },
      });
      const failure = await runFailure(handle);

      // The secret did travel: in the header, the failing call's path and its body.
      expect(server.received[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(server.received[1]?.url).toBe(`/hooks/${SECRET.replace(/ /g, '%20')}?from=swaybot`);
      expect(JSON.parse(server.received[1]?.body ?? '{}')).toEqual({ token: SECRET });

      // What people see names the reference where the value was.
      expect(failure.message).toBe(`Step \`hook\` failed: HttpStatus: POST ${server.url}/hooks/${REF} answered 404 Not Found`);
      const history = decoded(await handle.fetchHistory());
      expect(history).toContain(REF);
      expect(history).toContain('login answered');
      expect(history).not.toContain('set-cookie');
      // The echo reached the later step as the reference; the cookie did not reach it at all.
      const login = finalStatus(failure).outputs?.['login'] as HttpResponse | undefined;
      expect(login?.body).toEqual({ authorization: `Bearer ${REF}`, session: 'issued' });
      expect(login?.headers['x-echo']).toBe(`Bearer ${REF}`);
      expect(login?.headers).not.toHaveProperty('set-cookie');

      const description = await handle.describe();
      const summary = (await description.staticSummary()) ?? '';
      const details = (await description.staticDetails()) ?? '';
      expect(details).toContain(`| token | \`"${REF}"\` |  |`);
      const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      const current = metadata.currentDetails ?? '';
      expect(current).toContain(REF);
      const status = await getStatus(h.client, handle.workflowId);

      const events = await ledger.query({ subject: { kind: 'runbook', id: handle.workflowId } });
      const failed = events.find((e) => e.type === 'runbook.step.failed');
      expect((failed?.payload as { error?: string } | undefined)?.error).toContain(`${server.url}/hooks/${REF} answered 404`);

      expectClean(history, 'the history');
      expectClean(summary, 'the static summary');
      expectClean(details, 'the static details');
      expectClean(current, 'the current details');
      expectClean(decoded(status), 'the status query');
      expectClean(decoded([failure.message, failure.details, failure.stack, failure.cause]), 'the run failure');
      expectClean(decoded(events), 'the ledger');
      expectClean(mem.raw(), 'the activity log');
      expect(mem.raw()).toContain(REF);
    });
  });
});
