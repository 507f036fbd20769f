/**
 * The environment and file stores under a policy, and the resolver: values come back only for
 * what the policy lists; anything else fails non-retryably naming the reference, never a value.
 */
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../hardware/secret.js';
import { defaultSecretResolver, MAX_SECRET_FILE_BYTES, SecretResolver, SecretUnavailableError, type SecretStore } from '../../secrets/index.js';

const root = mkdtempSync(join(tmpdir(), 'swaybot-secrets-'));
const allowed = join(root, 'secrets');
const outside = join(root, 'other');
mkdirSync(join(allowed, 'team'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(allowed, 'team', 'pager'), 'file-value-1\n');
writeFileSync(join(allowed, 'empty'), '\n');
writeFileSync(join(allowed, 'big'), 'x'.repeat(MAX_SECRET_FILE_BYTES + 1));
writeFileSync(join(outside, 'key'), 'outside-value');
symlinkSync(join(outside, 'key'), join(allowed, 'link-out'));
symlinkSync(join(allowed, 'team', 'pager'), join(outside, 'link-in'));
writeFileSync(join(allowed, 'locked'), 'locked-value');
chmodSync(join(allowed, 'locked'), 0o000);

const env = { SWAYBOT_SECRET_PAGER: 'env-value-1', SWAYBOT_SECRET_EMPTY: '', OTHER_TOKEN: 'other-value', EXACT: 'exact-value' };
const resolver = defaultSecretResolver({ env: ['SWAYBOT_SECRET_*', 'EXACT'], files: [allowed] }, env);
const ref = (path: string) => `{secret:file${path}}`;

/** The error resolving `text` fails with. */
async function refusal(text: string): Promise<SecretUnavailableError> {
  try {
    await resolver.session().text(text);
  } catch (err) {
    expect(err).toBeInstanceOf(SecretUnavailableError);
    return err as SecretUnavailableError;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('secret stores', () => {
  it('resolves listed environment variables and files inside the allowed folders', async () => {
    const session = resolver.session();
    expect(await session.text('Bearer {secret:env/SWAYBOT_SECRET_PAGER}')).toBe('Bearer env-value-1');
    expect(await session.text('{secret:env/EXACT}')).toBe('exact-value');
    // One trailing newline is dropped; a link inside the folder to a file inside it is fine.
    expect(await session.text(ref(join(allowed, 'team', 'pager')))).toBe('file-value-1');
    expect(await session.text(ref(join(outside, 'link-in')))).toBe('file-value-1');
    expect(await session.value({ a: ['{secret:env/EXACT}', 2], '{secret:env/EXACT}': 'k' })).toEqual({ a: ['exact-value', 2], '{secret:env/EXACT}': 'k' });
    expect(session.scrubber.text('env-value-1 exact-value file-value-1')).toBe(
      `{secret:env/SWAYBOT_SECRET_PAGER} {secret:env/EXACT} ${ref(join(allowed, 'team', 'pager'))}`,
    );
  });

  it('refuses what the policy does not list, and says what it allows', async () => {
    const other = await refusal('{secret:env/OTHER_TOKEN}');
    expect(other.message).toBe('Secret `{secret:env/OTHER_TOKEN}` is not allowed: runbooks may read the environment variables SWAYBOT_SECRET_*, EXACT only');
    expect(other.details).toEqual({ reference: '{secret:env/OTHER_TOKEN}' });
    expect((await refusal(ref(join(outside, 'key')))).message).toBe(`Secret \`${ref(join(outside, 'key'))}\` is not allowed: runbooks may read files in ${allowed} only`);
    // A link inside the folder that leads out of it is judged by where it leads.
    expect((await refusal(ref(join(allowed, 'link-out')))).message).toContain('is not allowed');
    expect((await refusal(ref(`${allowed}/../other/key`))).message).toContain('is not a plain absolute file path');
  });

  it('fails on missing, empty, unreadable, too big and unknown secrets, naming the reference only', async () => {
    const messages = [
      (await refusal('{secret:env/SWAYBOT_SECRET_NOPE}')).message,
      (await refusal('{secret:env/SWAYBOT_SECRET_EMPTY}')).message,
      (await refusal('{secret:env/not-a-name}')).message,
      (await refusal(ref(join(allowed, 'nope')))).message,
      (await refusal(ref(join(allowed, 'empty')))).message,
      (await refusal(ref(join(allowed, 'big')))).message,
      (await refusal('{secret:vault/kv/pager}')).message,
    ];
    expect(messages).toEqual([
      'Secret `{secret:env/SWAYBOT_SECRET_NOPE}`: environment variable SWAYBOT_SECRET_NOPE is not set in the worker',
      'Secret `{secret:env/SWAYBOT_SECRET_EMPTY}`: environment variable SWAYBOT_SECRET_EMPTY is not set in the worker',
      'Secret `{secret:env/not-a-name}`: `not-a-name` is not an environment variable name',
      `Secret \`${ref(join(allowed, 'nope'))}\`: cannot read ${join(allowed, 'nope')} (ENOENT)`,
      `Secret \`${ref(join(allowed, 'empty'))}\`: ${join(allowed, 'empty')} is empty`,
      `Secret \`${ref(join(allowed, 'big'))}\`: ${join(allowed, 'big')} is larger than 64 KiB or not a regular file`,
      'Secret `{secret:vault/kv/pager}`: unknown store `vault`, expected one of `env`, `file`',
    ]);
    if (process.getuid?.() !== 0) expect((await refusal(ref(join(allowed, 'locked')))).message).toContain('(EACCES)');
    expect(messages.join('\n')).not.toMatch(/value/);
  });

  it('reads each reference once per session, through any store given (a secret manager later)', async () => {
    const reads: string[] = [];
    const vault: SecretStore = {
      name: 'vault',
      read: (r) => {
        reads.push(r.name);
        return Promise.resolve(new Secret(`v-${r.name.length}`));
      },
    };
    const session = new SecretResolver([vault]).session();
    expect(await session.text('{secret:vault/kv/a}:{secret:vault/kv/a}:{secret:vault/kv/bb}')).toBe('v-4:v-4:v-5');
    expect(reads.sort()).toEqual(['kv/a', 'kv/bb']);
    // A new session reads again: a rotated secret is picked up by the next call.
    await new SecretResolver([vault]).session().text('{secret:vault/kv/a}');
    expect(reads).toHaveLength(3);
  });
});
