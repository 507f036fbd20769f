/**
 * Where `http.request` may connect: `host:port` entries, a default that reaches only the
 * demo service's port on loopback, and the address actually dialled checked against the
 * allow-list (loopback, link-local and cloud-metadata addresses only when listed).
 */
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { ApplicationFailure } from '@temporalio/common';
import type { HttpResponse } from '../../actions/index.js';
import { isHostAllowed, isUrlAllowed, parseAllowEntry } from '../../actions/allowed-host.js';
import { createActivities } from '../../activities/index.js';
import { addressRefusal } from '../../activities/reach.js';
import { configSchema } from '../../config/schema.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';
import { memoryLogger } from './memory-logger.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startHttpServer({ 'GET /ok': () => ({ json: { ok: true } }) });
});
afterAll(() => server.close());

function caller(http: { allowHosts?: string[] } = {}) {
  const { httpRequest } = createActivities({ config: configSchema.parse({ http }), logger: memoryLogger().logger });
  const env = () => new MockActivityEnvironment({ activityId: 'call' }, { logger: new DefaultLogger('ERROR') });
  return {
    call: (args: unknown) => env().run(httpRequest, args) as Promise<HttpResponse>,
    failure: (args: unknown) => env().run(httpRequest, args).then(() => undefined, (e: unknown) => e as ApplicationFailure),
  };
}

describe('the default http.allowHosts', () => {
  it('is the demo service on loopback, not every loopback port', () => {
    expect(configSchema.parse({}).http.allowHosts).toEqual(['127.0.0.1:8787', 'localhost:8787']);
  });

  it("refuses Temporal's ports and any other local service, naming the entry that would allow it", async () => {
    const { failure } = caller();
    for (const port of [7233, 8233]) {
      const err = await failure({ url: `http://127.0.0.1:${port}/api/v1/namespaces` });
      expect(err).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true, details: [{ host: '127.0.0.1', port }] });
      expect(err?.message).toBe(
        `Port ${port} of host \`127.0.0.1\` is not allowed; add \`127.0.0.1:${port}\` to \`http.allowHosts\` in the configuration (allowed: 127.0.0.1:8787, localhost:8787)`,
      );
    }
    expect(await failure({ url: `http://localhost:${server.port}/ok` })).toMatchObject({ type: 'AddressNotAllowed' });
    expect(server.received).toEqual([]);
  });
});

describe('host:port entries', () => {
  it('allow that port of that host only', async () => {
    const { call, failure } = caller({ allowHosts: [`127.0.0.1:${server.port}`] });
    expect((await call({ url: `${server.url}/ok` })).body).toEqual({ ok: true });
    const other = server.port === 65535 ? 65534 : server.port + 1;
    expect(await failure({ url: `http://127.0.0.1:${other}/ok` })).toMatchObject({ type: 'AddressNotAllowed', details: [{ port: other }] });
  });

  it('are parsed for names, IPv6 and wildcards; malformed ones match nothing', () => {
    expect(parseAllowEntry('Status.Example.com:8443')).toEqual({ host: 'status.example.com', port: 8443 });
    expect(parseAllowEntry('[::1]:8787')).toEqual({ host: '::1', port: 8787 });
    expect(parseAllowEntry('0:0:0:0:0:0:0:1')).toEqual({ host: '::1' });
    expect(parseAllowEntry('*.example.com:443')).toEqual({ host: '*.example.com', port: 443 });
    expect(parseAllowEntry('host:http')).toBeUndefined();
    expect(parseAllowEntry('host:70000')).toBeUndefined();
    expect(isHostAllowed('api.example.com', ['*.example.com:443'], 443)).toBe(true);
    expect(isHostAllowed('api.example.com', ['*.example.com:443'], 8443)).toBe(false);
    // Without a port (the compiler's check of a templated port), the host alone is compared.
    expect(isHostAllowed('127.0.0.1', ['127.0.0.1:8787'])).toBe(true);
    expect(isUrlAllowed(new URL('https://api.example.com/x'), ['api.example.com:443'])).toBe(true);
    expect(isUrlAllowed(new URL('http://api.example.com/x'), ['api.example.com:443'])).toBe(false);
    expect(isUrlAllowed(new URL('http://[::1]:8787/'), ['[::1]:8787'])).toBe(true);
  });
});

describe('the address dialled', () => {
  it('refuses loopback behind another spelling of the address unless that address is listed', async () => {
    // The host is listed, but it is 127.0.0.1 in IPv6 clothing: checked as what it connects to.
    const { failure } = caller({ allowHosts: ['::ffff:127.0.0.1'] });
    const before = server.received.length;
    const err = await failure({ url: `http://[::ffff:127.0.0.1]:${server.port}/ok` });
    expect(err).toMatchObject({ type: 'AddressNotAllowed', nonRetryable: true, details: [{ address: '127.0.0.1', port: server.port }] });
    expect(err?.message).toBe(
      `Host \`::ffff:7f00:1\` resolves to 127.0.0.1: Address \`127.0.0.1:${server.port}\` is a loopback address, which is not allowed unless listed; add \`127.0.0.1:${server.port}\` to \`http.allowHosts\` in the configuration to allow it`,
    );
    expect(server.received.length).toBe(before);
  });

  const name = hostname().toLowerCase();
  const loopbackName = lookup(name, { all: true }).then((all) => all.length > 0 && all.every((a) => /^127\.|^::1$/.test(a.address)), () => false);

  it('refuses a listed name that resolves to loopback (DNS rebinding), and allows it once the address is listed', async (ctx) => {
    if (!(await loopbackName)) ctx.skip(`this machine's name \`${name}\` does not resolve to loopback`);
    const { address } = (await lookup(name, { all: true }))[0] ?? { address: '' };
    const port = server.port;
    const before = server.received.length;
    const err = await caller({ allowHosts: [`${name}:${port}`] }).failure({ url: `http://${name}:${port}/ok` });
    expect(err).toMatchObject({ type: 'AddressNotAllowed', details: [{ host: name, address, port }] });
    expect(err?.message).toContain(`Host \`${name}\` resolves to ${address}: Address \`${address}:${port}\` is a loopback address`);
    expect(server.received.length).toBe(before);
    const allowed = caller({ allowHosts: [`${name}:${port}`, `${address}:${port}`] });
    expect((await allowed.call({ url: `http://${name}:${port}/ok` })).body).toEqual({ ok: true });
  });

  it('refuses link-local, metadata and unspecified addresses unless listed; ordinary ones pass', () => {
    const refused = (address: string, allow = ['*.example.com']) => addressRefusal('svc.example.com', address, 80, allow)?.message;
    expect(refused('169.254.169.254')).toBe(
      'Host `svc.example.com` resolves to 169.254.169.254: Address `169.254.169.254:80` is a cloud-metadata address, which is not allowed unless listed; add `169.254.169.254:80` to `http.allowHosts` in the configuration to allow it',
    );
    expect(refused('::ffff:169.254.169.254')).toContain('is a cloud-metadata address');
    expect(refused('fd00:ec2::254')).toContain('Address `[fd00:ec2::254]:80` is a cloud-metadata address');
    expect(refused('169.254.10.1')).toContain('is a link-local address');
    expect(refused('fe80::1')).toContain('is a link-local address');
    expect(refused('0.0.0.0')).toContain('is an unspecified address');
    expect(refused('::1')).toContain('is a loopback address');
    expect(refused('169.254.169.254', ['*.example.com', '169.254.169.254'])).toBeUndefined();
    expect(refused('169.254.169.254', ['*.example.com', '169.254.169.254:8080'])).toBeDefined();
    expect(refused('127.0.0.1', ['*.example.com', 'localhost:80'])).toBeUndefined();
    expect(refused('10.1.2.3')).toBeUndefined();
    expect(refused('93.184.216.34')).toBeUndefined();
  });
});
