import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BmcUnreachableError } from '../../hardware/errors/index.js';
import { selfSignedCert } from '../../devstack/drill/fleet-sim.js';
import { hostClient } from '../../hardware/host-client.js';
import { parseInventory, type Inventory } from '../../hardware/inventory.js';
import { setTlsWarn } from '../../hardware/redfish/tls.js';
import { startSushy, type Sushy } from '../../devstack/sim/sushy.js';

// A real sushy-emulator serving HTTPS with a throwaway self-signed certificate.
let sushy: Sushy;
let certDir: string;
let inventory: Inventory;
const env = { TLS_PW: '' };

beforeAll(async () => {
  certDir = await selfSignedCert('tls-test');
  sushy = await startSushy({ tls: { cert: join(certDir, 'cert.pem'), key: join(certDir, 'key.pem') } });
  env.TLS_PW = sushy.password;
  const host = (tls: string) =>
    `    bmc: { address: 127.0.0.1, port: ${sushy.port}, protocol: redfish${tls}, credentials: { username: ${sushy.username}, password: { env: TLS_PW } } }\n` +
    '    rack: r1\n    position: 1\n    vendor: Sim\n    model: Sim\n';
  inventory = parseInventory(`hosts:\n  verified:\n${host('')}  unverified:\n${host(', tls: { verify: false }')}  second:\n${host(', tls: { verify: false }')}`);
});
afterAll(async () => {
  await sushy?.dispose();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

describe('Redfish over HTTPS with a self-signed certificate', () => {
  it('fails with a TLS error that says how to fix it when verification is on (the default)', async () => {
    expect(sushy.baseUrl).toMatch(/^https:/);
    const err = await hostClient(inventory.hosts.get('verified')!, { env }).powerStatus().catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(BmcUnreachableError);
    expect((err as Error).message).toMatch(/host verified .*TLS certificate not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
    expect((err as Error).message).toMatch(/NODE_EXTRA_CA_CERTS|tls: \{ verify: false \}/);
  });

  it('works with tls.verify: false and warns once per host, not per request', async () => {
    const warnings: string[] = [];
    const previous = setTlsWarn((m) => warnings.push(m));
    try {
      const client = hostClient(inventory.hosts.get('unverified')!, { env });
      expect(await client.powerStatus()).toBe('on');
      expect((await client.sensors()).length).toBeGreaterThan(0);
      expect(await hostClient(inventory.hosts.get('second')!, { env }).powerStatus()).toBe('on');
    } finally {
      setTlsWarn(previous);
    }
    expect(warnings).toEqual([
      `host unverified: TLS certificate of 127.0.0.1:${sushy.port} is NOT verified (inventory tls.verify: false)`,
      `host second: TLS certificate of 127.0.0.1:${sushy.port} is NOT verified (inventory tls.verify: false)`,
    ]);
  });
});
