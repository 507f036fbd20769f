/**
 * `http.request` follows redirects itself: each hop must pass `http.allowHosts` (host and
 * port), and a hop to another origin carries none of the step's headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { ApplicationFailure } from '@temporalio/common';
import type { HttpResponse } from '../../actions/index.js';
import { createActivities } from '../../activities/index.js';
import { configSchema } from '../../config/schema.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';
import { memoryLogger } from './memory-logger.js';

const CREDENTIALS = { 'X-Api-Key': 'key-hunter2', Authorization: 'Bearer tok-hunter2', Cookie: 'sid=hunter2' };

let origin: TestHttpServer;
let other: TestHttpServer;
let unlisted: TestHttpServer;
beforeAll(async () => {
  other = await startHttpServer({
    'GET /landing': () => ({ json: { landed: true } }),
    'POST /landing': (req) => ({ text: req.body, headers: { 'content-type': 'text/plain' } }),
  });
  unlisted = await startHttpServer({}, () => ({ json: { stolen: true } }));
  origin = await startHttpServer({
    'GET /to-other': () => ({ status: 302, headers: { location: `${other.url}/landing` } }),
    'POST /keep-body': () => ({ status: 307, headers: { location: `${other.url}/landing` } }),
    'GET /to-unlisted': () => ({ status: 302, headers: { location: `${unlisted.url}/collect` } }),
    'GET /to-unlisted-name': () => ({ status: 301, headers: { location: `http://localhost:${other.port}/landing` } }),
    'GET /same-origin': () => ({ status: 302, headers: { location: '/here' } }),
    'GET /here': () => ({ json: { here: true } }),
    'POST /submit': () => ({ status: 303, headers: { location: '/here' } }),
    'GET /loop': () => ({ status: 302, headers: { location: '/loop' } }),
  });
});
afterAll(() => Promise.all([origin.close(), other.close(), unlisted.close()]));

function activity() {
  const allowHosts = [`127.0.0.1:${origin.port}`, `127.0.0.1:${other.port}`];
  return createActivities({ config: configSchema.parse({ http: { allowHosts } }), logger: memoryLogger().logger }).httpRequest;
}
const call = (args: unknown) => new MockActivityEnvironment({ activityId: 'call' }, { logger: new DefaultLogger('ERROR') }).run(activity(), args) as Promise<HttpResponse>;
const failure = (args: unknown) => call(args).then(() => undefined, (e: unknown) => e as ApplicationFailure);
const last = (server: TestHttpServer) => server.received[server.received.length - 1];

describe('http.request redirects', () => {
  it('refuses a redirect to a port the allow-list does not name, before connecting there', async () => {
    const err = await failure({ url: `${origin.url}/to-unlisted`, headers: CREDENTIALS });
    expect(err).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true });
    expect(err?.message).toBe(
      `${origin.url}/to-unlisted redirected to \`127.0.0.1:${unlisted.port}\`, which \`http.allowHosts\` does not allow; ` +
        `add \`127.0.0.1:${unlisted.port}\` to \`http.allowHosts\` in the configuration to follow it (allowed: 127.0.0.1:${origin.port}, 127.0.0.1:${other.port})`,
    );
    expect(unlisted.received).toEqual([]);
  });

  it('refuses a redirect to a host the allow-list does not name', async () => {
    const before = other.received.length;
    const err = await failure({ url: `${origin.url}/to-unlisted-name`, headers: CREDENTIALS });
    expect(err).toMatchObject({ type: 'AddressNotAllowed', details: [{ host: 'localhost', port: other.port }] });
    expect(other.received.length).toBe(before);
  });

  it('follows an allowed cross-origin redirect without the step headers', async () => {
    const res = await call({ url: `${origin.url}/to-other`, headers: { ...CREDENTIALS, 'X-Trace': 't1' } });
    expect(res).toMatchObject({ status: 200, body: { landed: true } });
    expect(last(origin)?.headers['x-api-key']).toBe('key-hunter2');
    const landed = last(other)?.headers ?? {};
    expect(JSON.stringify(landed)).not.toContain('hunter2');
    expect(landed['x-trace']).toBeUndefined();
  });

  it('keeps method, body and content type on a 307, still without credentials', async () => {
    const res = await call({ url: `${origin.url}/keep-body`, method: 'POST', body: { n: 1 }, headers: CREDENTIALS });
    expect(res.body).toBe('{"n":1}');
    expect(last(other)).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(last(other)?.headers['x-api-key']).toBeUndefined();
  });

  it('keeps the step headers on a same-origin redirect, and turns a 303 into a GET', async () => {
    expect((await call({ url: `${origin.url}/same-origin`, headers: CREDENTIALS })).body).toEqual({ here: true });
    expect(last(origin)).toMatchObject({ url: '/here', headers: { 'x-api-key': 'key-hunter2' } });
    expect((await call({ url: `${origin.url}/submit`, method: 'POST', body: 'x', headers: CREDENTIALS })).body).toEqual({ here: true });
    expect(last(origin)).toMatchObject({ method: 'GET', url: '/here', body: '' });
  });

  it('gives up after 5 redirects', async () => {
    const before = origin.received.length;
    const err = await failure({ url: `${origin.url}/loop` });
    expect(err).toMatchObject({ type: 'HttpRequestFailed' });
    expect(err?.message).toBe(`GET ${origin.url}/loop failed: more than 5 redirects`);
    expect(origin.received.length - before).toBe(6);
  });
});
