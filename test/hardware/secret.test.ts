import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CredentialsError, resolveCredentials } from '../../hardware/credentials.js';
import { parseInventory, getHost } from '../../hardware/inventory.js';
import { Secret, scrub } from '../../hardware/secret.js';

const PASSWORD = 'S3cr3t-p@ss';

const inventory = (password: string) =>
  parseInventory(`hosts:
  h1:
    bmc: { address: 127.0.0.1, protocol: ipmi, credentials: { username: admin, password: ${password} } }
    rack: r1
    position: 1
    vendor: Dell
    model: R650
`);

describe('Secret', () => {
  it('prints [redacted] through JSON, inspect, templates, String and errors', () => {
    const s = new Secret(PASSWORD);
    const shown = [JSON.stringify({ s }), inspect(s), inspect({ nested: { s } }), `${s}`, String(s), 'x' + s, new Error(`bad ${s}`).message];
    for (const text of shown) {
      expect(text).toContain('[redacted]');
      expect(text).not.toContain(PASSWORD);
    }
    expect(s.reveal()).toBe(PASSWORD);
  });

  it('scrubs a secret out of tool output', () => {
    expect(scrub(`login ${PASSWORD} failed`, new Secret(PASSWORD))).toBe('login [redacted] failed');
  });
});

describe('resolveCredentials', () => {
  it('reads an environment variable at call time', () => {
    const host = getHost(inventory('{ env: H1_PASS }'), 'h1');
    expect(() => resolveCredentials(host, {})).toThrow(CredentialsError);
    expect(() => resolveCredentials(host, {})).toThrow(/host h1: environment variable H1_PASS/);
    const creds = resolveCredentials(host, { H1_PASS: PASSWORD });
    expect(creds.username).toBe('admin');
    expect(creds.password.reveal()).toBe(PASSWORD);
    expect(JSON.stringify(creds)).not.toContain(PASSWORD);
  });

  it('reads a password file, dropping the trailing newline, and names a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cred-'));
    const file = join(dir, 'pass');
    writeFileSync(file, `${PASSWORD}\n`);
    expect(resolveCredentials(getHost(inventory(`{ file: ${file} }`), 'h1')).password.reveal()).toBe(PASSWORD);
    const missing = getHost(inventory(`{ file: ${join(dir, 'none')} }`), 'h1');
    expect(() => resolveCredentials(missing)).toThrow(/host h1: cannot read BMC password file .*none \(ENOENT\)/);
  });
});
