/**
 * `http.request` with secret references, under MockActivityEnvironment against a loopback server:
 * the server gets the values; the output, every failure (message, details, stack) and the log get
 * the references instead; credential headers never reach the output; a reference that cannot be
 * resolved fails at once, naming it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { ApplicationFailure } from '@temporalio/common';
import type { HttpResponse } from '../../actions/index.js';
import { asFailures } from '../../activities/as-failures.js';
import { createHttpRequest } from '../../activities/http-request.js';
import { defaultSecretResolver } from '../../secrets/index.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';
import { memoryLogger } from './memory-logger.js';

const TOKEN = `tok en+@${randomBytes(12).toString('hex')}`;
const USER = `ops-${randomBytes(4).toString('hex')}`;
const PASS = `pw:${randomBytes(8).toString('hex')}`;
const env: NodeJS.ProcessEnv = {
  SWAYBOT_SECRET_TOKEN: TOKEN,
  SWAYBOT_SECRET_USER: USER,
  SWAYBOT_SECRET_PASS: PASS,
  SWAYBOT_SECRET_CRLF: 'a\r\nX-Injected: 1',
  OTHER_TOKEN: 'not-for-runbooks',
};
const T = '{secret:env/SWAYBOT_SECRET_TOKEN}';
const BASIC = Buffer.from(`${USER}:${PASS}`).toString('base64');
/** Every form of a value that must not leave the activity. */
const FORBIDDEN = [TOKEN, encodeURIComponent(TOKEN), encodeURI(TOKEN), Buffer.from(TOKEN).toString('base64'), PASS, BASIC];

let server: TestHttpServer;
let unlisted: TestHttpServer;
beforeAll(async () => {
  unlisted = await startHttpServer({}, () => ({ json: { stolen: true } }));
  server = await startHttpServer(
    {
      'GET /echo': (req) => ({
        json: { authorization: req.headers.authorization, url: req.url },
        headers: { 'set-cookie': `session=${TOKEN}; HttpOnly`, 'x-echo': String(req.headers.authorization), 'x-csrf-token': 'csrf-1', 'x-trace': 't1' },
      }),
      'POST /echo': (req) => ({ text: req.body, headers: { 'content-type': 'text/plain' } }),
      'GET /busy': () => ({ status: 503, text: 'busy' }),
    },
    (req) =>
      req.url.startsWith('/away/')
        ? { status: 302, headers: { location: `${unlisted.url}/collect${req.url}` } }
        : { status: 404, text: `nothing at ${req.url}` },
  );
  env['SWAYBOT_SECRET_HOOK'] = `${server.url}/hooks/${TOKEN}`;
  httpRequest = asFailures(createHttpRequest([`127.0.0.1:${server.port}`], mem.logger, secrets));
});
afterAll(() => Promise.all([server.close(), unlisted.close()]));

const mem = memoryLogger();
const secrets = defaultSecretResolver({ env: ['SWAYBOT_SECRET_*'], files: [] }, env);
let httpRequest: (args: unknown) => Promise<HttpResponse>;
const call = (args: unknown) => new MockActivityEnvironment({ activityId: 'call' }, { logger: new DefaultLogger('ERROR') }).run(httpRequest, args) as Promise<HttpResponse>;
const failure = (args: unknown) => call(args).then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as ApplicationFailure);

/** Asserts that none of the secret's forms appears in `what`. */
function clean(what: unknown, label: string): void {
  const text = typeof what === 'string' ? what : JSON.stringify(what);
  for (const form of FORBIDDEN) expect(text, `${label} holds ${form}`).not.toContain(form);
}

describe('httpRequest with secret references', () => {
  it('sends a header secret, and returns its echo as the reference, without credential headers', async () => {
    const res = await call({ url: `${server.url}/echo`, headers: { Authorization: `Bearer ${T}` } });
    expect(server.received.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(res.body).toEqual({ authorization: `Bearer ${T}`, url: '/echo' });
    expect(res.headers['x-echo']).toBe(`Bearer ${T}`);
    expect(res.headers['x-trace']).toBe('t1');
    expect(Object.keys(res.headers)).not.toContain('set-cookie');
    expect(Object.keys(res.headers)).not.toContain('x-csrf-token');
    clean(res, 'output');
    clean(mem.raw(), 'log');
  });

  it('drops credential headers from the output of a call without secrets too', async () => {
    const res = await call({ url: `${server.url}/echo` });
    expect(res.headers).not.toHaveProperty('set-cookie');
    expect(res.headers['x-trace']).toBe('t1');
  });

  it('names a URL whose path holds a secret as written, in the failure and in the log', async () => {
    const err = await failure({ url: `${server.url}/hooks/${T}?since=1` });
    expect(server.received.at(-1)?.url).toBe(`/hooks/${TOKEN.replace(/ /g, '%20')}?since=1`);
    expect(err).toMatchObject({ type: 'HttpStatus', nonRetryable: true, details: [{ status: 404 }] });
    expect(err.message).toBe(`GET ${server.url}/hooks/${T} answered 404 Not Found`);
    clean([err.message, err.details, err.stack, err.cause], 'failure');
    expect(mem.lines().some((l) => l['url'] === `${server.url}/hooks/${T}` && l['status'] === 404)).toBe(true);
    clean(mem.raw(), 'log');
  });

  it('takes a whole URL from a secret, and shows only its reference', async () => {
    const err = await failure({ url: '{secret:env/SWAYBOT_SECRET_HOOK}' });
    expect(server.received.at(-1)?.url).toBe(`/hooks/${TOKEN.replace(/ /g, '%20')}`);
    expect(err.message).toBe('GET {secret:env/SWAYBOT_SECRET_HOOK} answered 404 Not Found');
    clean([err.message, err.details, err.stack], 'failure');
    const bad = await failure({ url: 'https{secret:env/SWAYBOT_SECRET_TOKEN}' });
    expect(bad).toMatchObject({ type: 'InvalidArguments', nonRetryable: true });
    expect(bad.message).toBe('Invalid arguments for `http.request`: url: `https{secret:env/SWAYBOT_SECRET_TOKEN}` is not an absolute URL once its secrets are filled in');
    clean([bad.message, bad.details, bad.stack], 'failure');
    expect(await failure({ url: '{secret:env/SWAYBOT_SECRET_HOOK}', extra: 1 })).toMatchObject({ type: 'InvalidArguments', nonRetryable: true });
  });

  it('resolves references in the body, as text and inside JSON', async () => {
    expect((await call({ url: `${server.url}/echo`, method: 'POST', body: `token=${T}` })).body).toBe(`token=${T}`);
    expect(server.received.at(-1)?.body).toBe(`token=${TOKEN}`);
    const res = await call({ url: `${server.url}/echo`, method: 'POST', body: { auth: { token: T }, list: [T] } });
    expect(JSON.parse(server.received.at(-1)!.body)).toEqual({ auth: { token: TOKEN }, list: [TOKEN] });
    expect(res.body).toBe(JSON.stringify({ auth: { token: T }, list: [T] }));
  });

  it('encodes a Basic credential built from references, and scrubs it encoded', async () => {
    const res = await call({ url: `${server.url}/echo`, headers: { authorization: 'Basic {secret:env/SWAYBOT_SECRET_USER}:{secret:env/SWAYBOT_SECRET_PASS}' } });
    expect(server.received.at(-1)?.headers.authorization).toBe(`Basic ${BASIC}`);
    expect((res.body as { authorization: string }).authorization).toBe('Basic {secret:env/SWAYBOT_SECRET_USER}:{secret:env/SWAYBOT_SECRET_PASS}');
    clean(res, 'output');
  });

  it('keeps a failure retryable or not as it was, with secrets scrubbed', async () => {
    const busy = await failure({ url: `${server.url}/busy`, headers: { 'x-api-key': T } });
    expect(busy).toMatchObject({ type: 'HttpStatus', nonRetryable: false, details: [{ status: 503 }] });
    const away = await failure({ url: `${server.url}/away/${T}`, headers: { 'x-api-key': T } });
    expect(away).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true });
    expect(away.message).toContain(`${server.url}/away/${T} redirected to \`127.0.0.1:${unlisted.port}\``);
    expect(unlisted.received).toHaveLength(0);
    clean([busy.message, away.message, away.details, away.stack], 'failures');
  });

  it('fails at once, naming the reference, when a secret is missing, not allowed or malformed', async () => {
    const before = server.received.length;
    const missing = await failure({ url: `${server.url}/echo`, headers: { authorization: 'Bearer {secret:env/SWAYBOT_SECRET_NOPE}' } });
    expect(missing).toMatchObject({ type: 'SecretUnavailable', nonRetryable: true, details: [{ reference: '{secret:env/SWAYBOT_SECRET_NOPE}' }] });
    expect(missing.message).toBe('Secret `{secret:env/SWAYBOT_SECRET_NOPE}`: environment variable SWAYBOT_SECRET_NOPE is not set in the worker');
    const other = await failure({ url: `${server.url}/echo`, method: 'POST', body: { t: '{secret:env/OTHER_TOKEN}' } });
    expect(other).toMatchObject({ type: 'SecretUnavailable', nonRetryable: true });
    expect(other.message).toContain('is not allowed: runbooks may read the environment variables SWAYBOT_SECRET_* only');
    expect(other.message).not.toContain('not-for-runbooks');
    const typo = await failure({ url: `${server.url}/echo`, headers: { authorization: 'Bearer {secret:env/SWAYBOT SECRET}' } });
    expect(typo).toMatchObject({ type: 'SecretUnavailable', nonRetryable: true });
    expect(server.received.length).toBe(before);
  });

  it('refuses a secret a header cannot carry, without showing it', async () => {
    const err = await failure({ url: `${server.url}/echo`, headers: { 'x-token': '{secret:env/SWAYBOT_SECRET_CRLF}' } });
    expect(err).toMatchObject({ type: 'InvalidArguments', nonRetryable: true });
    expect(err.message).toBe('Invalid arguments for `http.request`: header `x-token` has an invalid name, or a value with a line break or NUL');
    expect(JSON.stringify([err.message, err.details, err.stack])).not.toContain('X-Injected');
  });
});
