/**
 * Approvals with signed identity (`approvals.identity: signed`), end to end on the real dev
 * server, with keys made by the real `ssh-keygen`: an unsigned `--as alice` is refused; a
 * decision signed with alice's key (by our code, by `ssh-keygen -Y sign`, or by the CLI from
 * `--key`, `$SWAYBOT_SSH_KEY` or `~/.ssh/id_ed25519`) is accepted and recorded as such; a
 * signature by another key, for another decision, or from too long ago is refused; Slack's app
 * vouches for the people it authenticated; and whoever started a run (signed) may not approve
 * its power step, while a run whose start is not proven cannot have it approved at all.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decisionMessage, type Signer } from '../../approvals/identity.js';
import { signAsSlack } from '../../approvals/service-key.js';
import { readSigningKey } from '../../approvals/ssh-key.js';
import { fingerprint, parsePublicKey } from '../../approvals/sshsig.js';
import { approve, decisionRequest, getStatus, reject } from '../../client/runbooks.js';
import { configSchema, type Config } from '../../config/schema.js';
import type { ActionStep } from '../../plan/types.js';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { decide, type DecisionRequest } from '../../workflows/messages.js';
import { eventually, stepIs, withWorker, type Harness } from '../support-interpreter/harness.js';
import { activity, approval, plan } from '../support-interpreter/plans.js';
import { recorder } from '../support-interpreter/recorder.js';
import { cliEnv } from '../cli/cli.js';
import { runInProcess } from '../cli/in-process.js';
import { hasSshKeygen, makeKey, sshKeygenSign } from './ssh-keys.js';

const SLACK_SECRET_ENV = `SWAYBOT_TEST_SLACK_SECRET_${Math.random().toString(36).slice(2, 8).toUpperCase()}`;

describe.skipIf(!hasSshKeygen)('signed approvals', () => {
  const alice = makeKey('alice@laptop');
  const bob = makeKey('bob@laptop');
  const mallory = makeKey('mallory@laptop');
  const signer = (path: string): Signer => {
    const key = readSigningKey(path, {});
    return { identity: 'ssh', key: key.fingerprint, sign: (m) => key.sign(m) };
  };

  const signedConfig = (): Partial<Config> => ({
    groups: { sre: ['alice', 'bob', 'mallory'] },
    approvals: {
      identity: 'signed',
      maxSkew: '10m',
      directory: { people: { alice: { keys: [alice.publicKey] }, bob: { keys: [bob.publicKey] } } },
    },
    slack: { ...configSchema.parse({}).slack, signingSecret: { env: SLACK_SECRET_ENV } },
  });

  /** Starts a one-gate run and waits at its gate. */
  async function atGate(h: Harness, id: string, step: ActionStep, startedBy?: { by: string; signer?: Signer }) {
    const handle = await h.start({ plan: plan(id, [step]), ...(startedBy ? { startedBy } : {}) });
    await eventually(() => getStatus(h.client, handle.workflowId), stepIs(step.id, 'awaiting-approval'), `${step.id} awaiting approval`);
    return handle;
  }
  /** Sends `request` as it is (no client helper), rejecting with the validator's failure. */
  const sendRaw = (h: Harness, id: string, request: DecisionRequest) =>
    h.client.workflow.getHandle(id).executeUpdate(decide, { args: [request] }).catch((err: unknown) => {
      throw err instanceof WorkflowUpdateFailedError && err.cause ? err.cause : err;
    });
  const restart = (): ActionStep => activity('restart', 'record', { name: 'restart' }, { approval: approval() });
  const power = (): ActionStep => ({ ...activity('power', 'record', { name: 'power', host: 'signed-host', state: 'off' }), action: 'hardware.power', approval: approval() });

  it('refuses an unsigned `--as alice`, and accepts a decision signed with her key, recording how she was known', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities, config: signedConfig() }, async (h) => {
      const handle = await atGate(h, 'signed-basic', restart());
      const unsigned = approve(h.client, handle.workflowId, 'restart', 'alice');
      await expect(unsigned).rejects.toMatchObject({ reason: 'Unsigned' });
      await expect(unsigned).rejects.toThrow('`alice` did not sign it, and this swaybot believes only signed decisions (approvals.identity: signed)');

      const step = await approve(h.client, handle.workflowId, 'restart', 'alice', 'checked', signer(alice.path));
      expect(step.decision).toEqual({ decision: 'approve', by: 'alice', reason: 'checked', identity: 'ssh', key: fingerprint(parsePublicKey(alice.publicKey).blob) });
      expect((await handle.result()).state).toBe('succeeded');
      expect(rec.calls).toEqual(['restart']);
    });
  });

  it('accepts a decision signed by `ssh-keygen -Y sign -n swaybot-approval` (interop)', async () => {
    await withWorker({ activities: recorder().activities, config: signedConfig() }, async (h) => {
      const handle = await atGate(h, 'signed-interop', restart());
      const at = new Date().toISOString();
      const message = decisionMessage({ workflowId: handle.workflowId, step: 'restart', decision: 'approve', by: 'bob', reason: 'by hand', at });
      const signature = sshKeygenSign(bob, message);
      const step = await h.client.workflow.getHandle(handle.workflowId).executeUpdate(decide, {
        args: [{ step: 'restart', decision: 'approve', by: 'bob', reason: 'by hand', identity: 'ssh', at, signature }],
      });
      expect(step.decision).toMatchObject({ by: 'bob', identity: 'ssh' });
      expect((await handle.result()).state).toBe('succeeded');
    });
  });

  it('refuses another key, an altered decision, a person without keys, and a stale signature', async () => {
    await withWorker({ activities: recorder().activities, config: signedConfig() }, async (h) => {
      const handle = await atGate(h, 'signed-refusals', restart());
      const id = handle.workflowId;
      // Mallory signs as alice.
      await expect(approve(h.client, id, 'restart', 'alice', undefined, signer(mallory.path))).rejects.toMatchObject({ reason: 'BadSignature', message: expect.stringContaining('not one of theirs') });
      // Mallory is in `sre` but has no key in the directory.
      await expect(approve(h.client, id, 'restart', 'mallory', undefined, signer(mallory.path))).rejects.toThrow('`mallory` has no public key in the approver directory');
      // Alice signed a reject; someone turns it into an approve.
      const signedReject = await decisionRequest(id, 'restart', 'reject', 'alice', undefined, signer(alice.path));
      await expect(sendRaw(h, id, { ...signedReject, decision: 'approve' })).rejects.toThrow('does not match what was sent');
      // Signed for another run.
      const elsewhere = await decisionRequest('runbook-other-run', 'restart', 'approve', 'alice', undefined, signer(alice.path));
      await expect(sendRaw(h, id, elsewhere)).rejects.toThrow('does not match what was sent');
      // Signed eleven minutes ago (or replayed from then).
      const aliceKey = signer(alice.path);
      const at = new Date(Date.now() - 11 * 60_000).toISOString();
      const signature = await aliceKey.sign(decisionMessage({ workflowId: id, step: 'restart', decision: 'approve', by: 'alice', at }));
      await expect(sendRaw(h, id, { step: 'restart', decision: 'approve', by: 'alice', identity: 'ssh', at, signature })).rejects.toMatchObject({
        type: 'StaleSignature',
        message: expect.stringContaining('signatures count for 10 min (approvals.maxSkew)'),
      });
      // None of it was accepted; a good signature still is.
      expect((await getStatus(h.client, id)).steps[0]?.decision).toBeUndefined();
      await reject(h.client, id, 'restart', 'alice', 'not now', aliceKey);
      expect((await getStatus(h.client, id)).steps[0]?.decision).toMatchObject({ decision: 'reject', identity: 'ssh' });
    });
  });

  it('signs from the CLI with --key, $SWAYBOT_SSH_KEY or ~/.ssh/id_ed25519, and says how to set it up when unsigned', async () => {
    await withWorker({ activities: recorder().activities, config: signedConfig() }, async (h) => {
      const env = cliEnv({ taskQueue: h.taskQueue, address: h.address, extra: { HOME: mkdtempSync(join(tmpdir(), 'swaybot-home-')) } });
      const first = await atGate(h, 'cli-key', restart());
      const wrong = await runInProcess(['runbook', 'approve', first.workflowId, 'restart', '--as', 'bob', '--key', alice.path], env);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('Cannot approve restart');
      expect(wrong.stderr).toContain('not one of theirs');
      const unsigned = await runInProcess(['runbook', 'approve', first.workflowId, 'restart', '--as', 'alice'], env);
      expect(unsigned.code).toBe(1);
      expect(unsigned.stderr).toContain('did not sign it');
      expect(unsigned.stderr).toContain('make one with `ssh-keygen -t ed25519`');
      const good = await runInProcess(['runbook', 'approve', first.workflowId, 'restart', '--as', 'alice', '--key', alice.path], env);
      expect(good.stderr).toBe('');
      expect(good.stdout).toContain(`Approved restart of ${first.workflowId} as alice`);
      expect(good.stdout).toContain(`signed with ${fingerprint(parsePublicKey(alice.publicKey).blob)}`);

      const second = await atGate(h, 'cli-env-key', restart());
      const viaEnv = await runInProcess(['runbook', 'approve', second.workflowId, 'restart', '--as', 'bob'], { ...env, SWAYBOT_SSH_KEY: bob.path });
      expect(viaEnv.code).toBe(0);

      const third = await atGate(h, 'cli-home-key', restart());
      mkdirSync(join(env['HOME']!, '.ssh'));
      copyFileSync(alice.path, join(env['HOME']!, '.ssh', 'id_ed25519'));
      const viaHome = await runInProcess(['runbook', 'approve', third.workflowId, 'restart', '--as', 'alice'], env);
      expect(viaHome.code).toBe(0);
      expect((await getStatus(h.client, third.workflowId)).steps[0]?.decision).toMatchObject({ by: 'alice', identity: 'ssh' });

      const missing = await runInProcess(['runbook', 'approve', third.workflowId, 'restart', '--key', join(tmpdir(), 'no-such-key')], env);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--key: No SSH key at');
    });
  });

  it("believes the Slack app's signature for the person Slack authenticated", async () => {
    const secret = `slack-secret-${Math.random().toString(36).slice(2)}`;
    process.env[SLACK_SECRET_ENV] = secret;
    try {
      await withWorker({ activities: recorder().activities, config: signedConfig() }, async (h) => {
        const handle = await atGate(h, 'slack-vouched', restart());
        const slack: Signer = { identity: 'slack', sign: (m) => Promise.resolve(signAsSlack(m, secret)) };
        const step = await approve(h.client, handle.workflowId, 'restart', 'bob', undefined, slack);
        expect(step.decision).toMatchObject({ by: 'bob', identity: 'slack' });
        expect((await handle.result()).state).toBe('succeeded');

        const forged = await atGate(h, 'slack-forged', restart());
        const wrong: Signer = { identity: 'slack', sign: (m) => Promise.resolve(signAsSlack(m, 'not the secret')) };
        await expect(approve(h.client, forged.workflowId, 'restart', 'bob', undefined, wrong)).rejects.toMatchObject({ reason: 'BadSignature' });
        await forged.cancel();
      });
    } finally {
      delete process.env[SLACK_SECRET_ENV];
    }
  });

  it('keeps whoever signed the start from approving its power step, and refuses it when the start is not proven', async () => {
    const rec = recorder();
    await withWorker({ activities: rec.activities, config: signedConfig() }, async (h) => {
      const signedStart = await atGate(h, 'signed-start', power(), { by: 'alice', signer: signer(alice.path) });
      await expect(approve(h.client, signedStart.workflowId, 'power', 'alice', undefined, signer(alice.path))).rejects.toMatchObject({ reason: 'SelfApproval' });
      await approve(h.client, signedStart.workflowId, 'power', 'bob', undefined, signer(bob.path));
      expect((await signedStart.result()).state).toBe('succeeded');

      // Anyone can claim that bob started a run; without bob's signature nobody may approve its power step.
      const claimed = await atGate(h, 'claimed-start', power(), { by: 'bob' });
      const refused = approve(h.client, claimed.workflowId, 'power', 'alice', undefined, signer(alice.path));
      await expect(refused).rejects.toMatchObject({ reason: 'UnknownStarter' });
      await expect(refused).rejects.toThrow('that `bob` started it is not proven');
      const nobody = await atGate(h, 'no-starter', power());
      await expect(approve(h.client, nobody.workflowId, 'power', 'alice', undefined, signer(alice.path))).rejects.toMatchObject({ reason: 'UnknownStarter' });
      expect(rec.calls).toEqual(['power']);
      await claimed.cancel();
      await nobody.cancel();
    });
  });
});
