import { describe, expect, it } from 'vitest';
import { ipmitoolArgs, sessionArgs } from '../../hardware/ipmi/ipmitool.js';
import { Secret } from '../../hardware/secret.js';

// How long a silent BMC may cost: commands that change something keep ipmitool's patient
// session settings; status reads (connectTimeoutMs) give up after about that long.
describe('ipmitool session timeout', () => {
  const target = { host: 'h', address: '192.0.2.1', port: 623, username: 'u', password: new Secret('pw'), cipherSuite: 3 };

  it('keeps -N 1 -R 2 without a connect timeout, and uses one retry of half the budget with one', () => {
    expect(sessionArgs()).toEqual(['-N', '1', '-R', '2']);
    expect(sessionArgs(2000)).toEqual(['-N', '1', '-R', '1']);
    expect(sessionArgs(6000)).toEqual(['-N', '3', '-R', '1']);
    // Never below ipmitool's smallest timeout: -N 0 would mean its default.
    expect(sessionArgs(300)).toEqual(['-N', '1', '-R', '1']);
  });

  it('puts the session options before the command', () => {
    const args = ipmitoolArgs(target, ['chassis', 'power', 'status'], false, 2000);
    expect(args.join(' ')).toContain('-C 3 -N 1 -R 1 chassis power status');
  });
});
