import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BmcAuthenticationError, BmcTimeoutError, BmcUnreachableError, BmcUnsupportedError, HardwareError } from '../../hardware/errors/index.js';
import { IpmiClient } from '../../hardware/ipmi/client.js';
import type { IpmiTarget } from '../../hardware/ipmi/ipmitool.js';
import { Secret } from '../../hardware/secret.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';

const WRONG = 'Wr0ng-Passw0rd-xyz';
let sim: IpmiSim;

beforeAll(async () => {
  sim = await startIpmiSim({ password: 'right-secret-123' });
});

afterAll(async () => {
  await sim?.dispose();
});

function target(overrides: Partial<IpmiTarget> = {}): IpmiTarget {
  return { host: 'rack1-node7', address: sim.address, port: sim.port, username: sim.username, password: new Secret(sim.password), cipherSuite: 3, ...overrides };
}

async function failure(p: Promise<unknown>): Promise<HardwareError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(HardwareError);
  return err as HardwareError;
}

/** Every way an error can be shown: none may contain either password. */
function expectNoSecret(err: Error): void {
  for (const text of [err.message, String(err), inspect(err), JSON.stringify(err), err.stack ?? '']) {
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain('right-secret-123');
  }
}

describe('IPMI error classification against ipmi_sim', () => {
  it('wrong password: non-retryable authentication error naming the host, without the secret', async () => {
    const client = new IpmiClient(target({ password: new Secret(WRONG) }), { timeoutMs: 10_000 });
    const err = await failure(client.powerStatus());
    expect(err).toBeInstanceOf(BmcAuthenticationError);
    expect(err.retryable).toBe(false);
    expect(err.name).toBe('BmcAuthenticationError');
    expect(err.message).toMatch(/host rack1-node7: BMC 127\.0\.0\.1:\d+ rejected the username or password/);
    expectNoSecret(err);
  });

  it('unknown user is an authentication error too', async () => {
    const err = await failure(new IpmiClient(target({ username: 'nobody' })).powerStatus());
    expect(err).toBeInstanceOf(BmcAuthenticationError);
  });

  it('an unsupported command is non-retryable', async () => {
    const client = new IpmiClient(target());
    // Get Device ID (netfn 0x06, cmd 0x01) answers; command 0x99 does not exist.
    expect((await client.raw([0x06, 0x01])).length).toBeGreaterThan(5);
    const err = await failure(client.raw([0x06, 0x99]));
    expect(err).toBeInstanceOf(BmcUnsupportedError);
    expect(err.retryable).toBe(false);
  });

  it('a cipher suite the BMC lacks is unsupported, not retried', async () => {
    // ipmi_sim offers no SHA-256 suites, so 17 (what newer iDRACs need) is refused.
    const err = await failure(new IpmiClient(target({ cipherSuite: 17 })).powerStatus());
    expect(err).toBeInstanceOf(BmcUnsupportedError);
    expect(err.message).toMatch(/host rack1-node7: .* does not support the configured cipher suite/);
  });

  it('an abort signal kills the call and reports a retryable cancellation', async () => {
    const controller = new AbortController();
    const pending = new IpmiClient(target({ port: 9 })).powerStatus({ signal: controller.signal, timeoutMs: 30_000 });
    setTimeout(() => controller.abort(), 300);
    const err = await failure(pending);
    expect(err).toBeInstanceOf(BmcTimeoutError);
    expect(err.message).toMatch(/host rack1-node7: call to BMC .* was cancelled/);
  });

  it('BMC stopped: retryable unreachable or timeout error naming the host', async () => {
    await sim.stop();
    const unreachable = await failure(new IpmiClient(target(), { timeoutMs: 20_000 }).powerStatus());
    expect(unreachable).toBeInstanceOf(BmcUnreachableError);
    expect(unreachable.retryable).toBe(true);
    expect(unreachable.message).toMatch(/host rack1-node7: no IPMI session with BMC 127\.0\.0\.1:\d+/);
    expectNoSecret(unreachable);
    const timedOut = await failure(new IpmiClient(target(), { timeoutMs: 500 }).powerStatus());
    expect(timedOut).toBeInstanceOf(BmcTimeoutError);
    expect(timedOut.retryable).toBe(true);
    expect(timedOut.message).toMatch(/host rack1-node7: BMC 127\.0\.0\.1:\d+ did not answer within 500 ms/);
  });
});
