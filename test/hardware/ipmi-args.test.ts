import { describe, expect, it } from 'vitest';
import { ipmiClientFor } from '../../hardware/ipmi/from-host.js';
import { ipmitoolArgs } from '../../hardware/ipmi/ipmitool.js';
import { parseSensors } from '../../hardware/ipmi/parse.js';
import { getHost, parseInventory } from '../../hardware/inventory.js';

const inv = parseInventory(`hosts:
  idrac-01:
    bmc: { address: 192.0.2.10, protocol: ipmi, cipherSuite: 17, credentials: { username: root, password: { env: IDRAC_PW } } }
    rack: r1
    position: 4
    vendor: Dell
    model: PowerEdge R660
  file-01:
    bmc: { address: 192.0.2.11, port: 6230, protocol: ipmi, credentials: { username: ops, password: { file: /run/secrets/bmc } } }
    rack: r1
    position: 5
    vendor: Dell
    model: PowerEdge R660
`);

describe('ipmitool arguments', () => {
  it('passes the password through the environment (-E), never in argv, with an explicit cipher suite', () => {
    const client = ipmiClientFor(getHost(inv, 'idrac-01'), { env: { IDRAC_PW: 'calvin-xyz' } });
    const args = ipmitoolArgs(client.target, ['chassis', 'power', 'status']);
    expect(args).toEqual(expect.arrayContaining(['-I', 'lanplus', '-H', '192.0.2.10', '-p', '623', '-U', 'root', '-E', '-C', '17']));
    expect(args.join(' ')).not.toContain('calvin-xyz');
    expect(args.slice(-3)).toEqual(['chassis', 'power', 'status']);
  });

  it('uses -f for password files and the default cipher suite 3', () => {
    const args = ipmitoolArgs(ipmiClientFor(getHost(inv, 'file-01')).target, ['sel', 'list']);
    expect(args).toEqual(expect.arrayContaining(['-p', '6230', '-f', '/run/secrets/bmc', '-C', '3']));
    expect(args).not.toContain('-E');
  });

  it('refuses a host whose env password is unset, naming host and variable', () => {
    expect(() => ipmiClientFor(getHost(inv, 'idrac-01'), { env: {} })).toThrow(/host idrac-01: environment variable IDRAC_PW/);
  });
});

describe('sensor table parsing', () => {
  it('keeps discrete sensors and na thresholds as null values', () => {
    const [fan, psu] = parseSensors(
      'Fan1 RPM         | 5400.000   | RPM        | ok    | na        | 600.000   | 800.000   | na        | na        | na        \n' +
      'PS1 Status       | 0x1        | discrete   | 0x0100| na        | na        | na        | na        | na        | na        \n',
    );
    expect(fan).toMatchObject({ name: 'Fan1 RPM', value: 5400, unit: 'RPM', thresholds: { lowerCritical: 600, lowerNonCritical: 800, upperCritical: null } });
    expect(psu).toMatchObject({ name: 'PS1 Status', value: null, raw: '0x1', unit: 'discrete', status: '0x0100' });
  });
});
