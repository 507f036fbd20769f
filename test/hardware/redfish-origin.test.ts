/**
 * Redfish links (`@odata.id`, a session's `Location`) are resolved against the BMC's URL; a
 * link to another origin must not receive the BMC's credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BmcCommandError } from '../../hardware/errors/index.js';
import { RedfishClient } from '../../hardware/redfish/client.js';
import { Secret } from '../../hardware/secret.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';

let bmc: TestHttpServer;
let elsewhere: TestHttpServer;
beforeAll(async () => {
  elsewhere = await startHttpServer({}, () => ({ json: { Members: [] } }));
  const foreign = `//localhost:${elsewhere.port}`;
  bmc = await startHttpServer({
    'GET /redfish/v1/': () => ({ json: { Systems: { '@odata.id': '/redfish/v1/Systems' }, Links: { Sessions: { '@odata.id': `http:${foreign}/redfish/v1/Sessions` } } } }),
    'GET /redfish/v1/Systems': () => ({ json: { Members: [{ '@odata.id': `${foreign}/collect` }] } }),
  });
});
afterAll(() => Promise.all([bmc.close(), elsewhere.close()]));

const client = (auth: 'basic' | 'session') =>
  new RedfishClient({ host: 'rf-01', baseUrl: bmc.url, username: 'ops', password: new Secret('bmc-hunter2'), auth });

describe('Redfish links outside the BMC', () => {
  it('refuses an @odata.id on another host instead of sending it the credentials', async () => {
    const err = await client('basic').system().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BmcCommandError);
    expect((err as BmcCommandError).retryable).toBe(false);
    expect((err as Error).message).toBe(
      `host rf-01 (127.0.0.1:${bmc.port}): refusing to follow the link to http://localhost:${elsewhere.port}/collect: it leaves the BMC's origin ${bmc.url}, and the BMC's credentials are sent to the BMC only`,
    );
    expect(elsewhere.received).toEqual([]);
    // The links on the BMC itself were followed, with the credentials.
    expect(bmc.received.map((r) => r.url)).toEqual(['/redfish/v1/', '/redfish/v1/Systems']);
    expect(bmc.received[0]?.headers.authorization).toMatch(/^Basic /);
  });

  it('refuses to log in at a Sessions collection on another host', async () => {
    const err = await client('session').system().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BmcCommandError);
    expect((err as Error).message).toContain(`refusing to follow the link to http://localhost:${elsewhere.port}/redfish/v1/Sessions`);
    expect(elsewhere.received).toEqual([]);
  });
});
