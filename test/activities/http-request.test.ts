import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { ApplicationFailure } from '@temporalio/common';
import type { HttpResponse } from '../../actions/index.js';
import { createActivities } from '../../activities/index.js';
import { isHostAllowed } from '../../actions/index.js';
import { configSchema } from '../../config/schema.js';
import { freePort } from '../../devstack/ports.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';
import { memoryLogger } from './memory-logger.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startHttpServer({
    'GET /json': () => ({ json: { a: 1 }, headers: { 'x-trace': 't1' } }),
    'GET /text': () => ({ text: 'plain words', headers: { 'content-type': 'text/plain' } }),
    'GET /big': () => ({ json: { blob: 'x'.repeat(100_000) } }),
    'GET /busy': () => ({ status: 503, text: 'busy' }),
    'GET /limited': () => ({ status: 429, text: 'slow down' }),
    'GET /teapot': () => ({ status: 418, text: 'no' }),
    'GET /slow': () => ({ json: {} }),
    'POST /echo': (req) => ({ text: req.body, headers: { 'content-type': 'text/plain' } }),
  });
});
afterAll(() => server.close());

const mem = memoryLogger();
const { httpRequest } = createActivities({ config: configSchema.parse({ http: { allowHosts: ['127.0.0.1', '*.example.com'] } }), logger: mem.logger });
const call = (args: unknown) => new MockActivityEnvironment({ activityId: 'call' }, { logger: new DefaultLogger('ERROR') }).run(httpRequest, args) as Promise<HttpResponse>;
const failure = (args: unknown) => call(args).then(() => undefined, (e: unknown) => e as ApplicationFailure);

describe('httpRequest activity', () => {
  it('returns status, headers and parsed JSON', async () => {
    const res = await call({ url: `${server.url}/json` });
    expect(res).toMatchObject({ status: 200, ok: true, body: { a: 1 } });
    expect(res.headers['x-trace']).toBe('t1');
  });

  it('returns text bodies as text and cuts big bodies to 64 KiB', async () => {
    expect((await call({ url: `${server.url}/text` })).body).toBe('plain words');
    const big = await call({ url: `${server.url}/big` });
    expect(typeof big.body).toBe('string');
    expect((big.body as string).length).toBe(64 * 1024);
  });

  it('sends strings as is and other bodies as JSON', async () => {
    expect((await call({ url: `${server.url}/echo`, method: 'POST', body: 'raw' })).body).toBe('raw');
    expect((await call({ url: `${server.url}/echo`, method: 'POST', body: { n: 1 } })).body).toBe('{"n":1}');
  });

  it('fails 5xx and 429 retryably, other unexpected statuses not', async () => {
    expect(await failure({ url: `${server.url}/busy` })).toMatchObject({ type: 'HttpStatus', nonRetryable: false, details: [{ status: 503 }] });
    expect(await failure({ url: `${server.url}/limited` })).toMatchObject({ type: 'HttpStatus', nonRetryable: false });
    const teapot = await failure({ url: `${server.url}/teapot?token=hunter2` });
    expect(teapot).toMatchObject({ type: 'HttpStatus', nonRetryable: true });
    expect(teapot?.message).toBe(`GET ${server.url}/teapot answered 418 I'm a Teapot`);
    expect(await call({ url: `${server.url}/teapot`, expectStatus: [418] })).toMatchObject({ status: 418, ok: false });
  });

  it('refuses hosts outside http.allowHosts, naming the host and the setting', async () => {
    const err = await failure({ url: 'https://evil.test/steal' });
    expect(err).toMatchObject({ type: 'HostNotAllowed', nonRetryable: true });
    expect(err?.message).toContain('Host `evil.test` is not allowed; add it to `http.allowHosts`');
  });

  it('rejects invalid arguments without calling anything', async () => {
    expect(await failure({ url: 'not a url' })).toMatchObject({ type: 'InvalidArguments', nonRetryable: true });
    expect(await failure({ url: `${server.url}/json`, method: 'GET', body: 'x' })).toMatchObject({ type: 'InvalidArguments' });
    expect(await failure({ url: `${server.url}/json`, extra: 1 })).toMatchObject({ type: 'InvalidArguments' });
  });

  it('fails retryably when nothing answers', async () => {
    const port = await freePort();
    const err = await failure({ url: `http://127.0.0.1:${port}/nothing` });
    expect(err).toMatchObject({ type: 'HttpRequestFailed', nonRetryable: false });
    expect(err?.message).toContain(`GET http://127.0.0.1:${port}/nothing failed: fetch failed (connect ECONNREFUSED`);
  });

  it('never logs request headers or query strings', async () => {
    await call({ url: `${server.url}/json?api_key=hunter2`, headers: { Authorization: 'Bearer sekrit' } });
    expect(mem.raw()).not.toContain('sekrit');
    expect(mem.raw()).not.toContain('hunter2');
    expect(mem.lines().some((l) => l['url'] === `${server.url}/json` && l['status'] === 200)).toBe(true);
  });
});

describe('http.allowHosts matching', () => {
  it('matches exact names and *.suffix sub-domains, ignoring case', () => {
    const allow = ['127.0.0.1', '*.example.com', 'Status.Internal'];
    expect(isHostAllowed('127.0.0.1', allow)).toBe(true);
    expect(isHostAllowed('api.example.com', allow)).toBe(true);
    expect(isHostAllowed('a.b.EXAMPLE.com', allow)).toBe(true);
    expect(isHostAllowed('example.com', allow)).toBe(false);
    expect(isHostAllowed('badexample.com', allow)).toBe(false);
    expect(isHostAllowed('status.internal', allow)).toBe(true);
    expect(isHostAllowed('127.0.0.2', allow)).toBe(false);
    expect(isHostAllowed('[::1]', ['::1'])).toBe(true);
  });
});
