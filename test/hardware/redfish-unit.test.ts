import { describe, expect, it } from 'vitest';
import { getHost, parseInventory } from '../../hardware/inventory.js';
import { redfishClientFor } from '../../hardware/redfish/from-host.js';
import { BmcAuthenticationError, BmcCommandError, BmcUnreachableError, BmcUnsupportedError } from '../../hardware/errors/index.js';
import { classifyStatus } from '../../hardware/redfish/http.js';
import { parseSensor } from '../../hardware/redfish/parse.js';
import { chooseResetType } from '../../hardware/redfish/reset.js';

describe('ResetType choice', () => {
  it('prefers a real power cycle and falls back to a forced restart', () => {
    expect(chooseResetType('cycle', ['On', 'ForceOff', 'PowerCycle', 'ForceRestart'])).toBe('PowerCycle');
    expect(chooseResetType('cycle', ['On', 'ForceOff', 'ForceRestart'])).toBe('ForceRestart');
    expect(chooseResetType('on', ['ForceOn', 'ForceOff'])).toBe('ForceOn');
  });

  it('finds nothing when the BMC allows no fitting value, and the first preference when it says nothing', () => {
    expect(chooseResetType('soft', ['On', 'ForceOff'])).toBeUndefined();
    expect(chooseResetType('off', [])).toBe('ForceOff');
  });
});

describe('HTTP status classification', () => {
  const at = (status: number, action: boolean) => classifyStatus('bmc-7', 'host bmc-7 (10.0.0.7)', 'POST /x', status, { error: { message: 'nope' } }, action);
  it('maps statuses to retryable or final errors', () => {
    expect(at(401, false)).toBeInstanceOf(BmcAuthenticationError);
    expect(at(403, true).retryable).toBe(false);
    expect(at(405, true)).toBeInstanceOf(BmcUnsupportedError);
    expect(at(501, false)).toBeInstanceOf(BmcUnsupportedError);
    expect(at(404, false)).toBeInstanceOf(BmcCommandError);
    expect(at(503, false)).toBeInstanceOf(BmcUnreachableError);
    expect(at(503, false).retryable).toBe(true);
    expect(at(400, true).message).toBe('host bmc-7 (10.0.0.7): POST /x answered HTTP 400: nope');
  });
});

describe('ThermalSubsystem sensor parsing', () => {
  it('reads reading, units, health and the Thresholds object', () => {
    const r = parseSensor({ Name: 'Inlet', Reading: 23.5, ReadingUnits: 'Cel', Status: { Health: 'Warning' }, Thresholds: { UpperCritical: { Reading: 40 } } }, 'temperature');
    expect(r).toMatchObject({ name: 'Inlet', reading: 23.5, units: 'Cel', status: 'Warning', thresholds: { upperCritical: 40, lowerCritical: null } });
  });
});

describe('redfishClientFor', () => {
  const inv = parseInventory(`hosts:
  rf-01:
    bmc: { address: 192.0.2.20, port: 8443, protocol: redfish, credentials: { username: ops, password: { env: RF01_PW } } }
    rack: r1
    position: 1
    vendor: HPE
    model: ProLiant DL360
`);
  it('points at https on the inventory port and keeps the password a Secret', () => {
    const client = redfishClientFor(getHost(inv, 'rf-01'), { env: { RF01_PW: 'rf-secret-1' } });
    expect(client.target.baseUrl).toBe('https://192.0.2.20:8443');
    expect(JSON.stringify(client.target)).not.toContain('rf-secret-1');
  });
});
