/**
 * Who a decision (or a run's start) is from, as far as it can be proven: the signed messages,
 * and the checks the runbook workflow makes against the directory. A claim names a person
 * (`by`) and optionally how it is proven: `ssh` (signed with one of that person's keys in the
 * directory) or `slack` (signed by swaybot's Slack app, which checked Slack's request signature).
 * Pure and deterministic: the Update validator and handler run it in the workflow sandbox.
 */
import type { ApprovalDirectory } from './directory.js';
import { verifySignature } from './sshsig.js';

/** How a claim was established: its signer, or nothing but the claim itself. */
export type Identity = 'ssh' | 'slack' | 'asserted';

/** A person's claim to have done something, with its proof when there is one. */
export interface Claim {
  by: string;
  identity?: 'ssh' | 'slack';
  /** When it was signed (ISO 8601); signed claims older or newer than `maxSkewMs` are stale. */
  at?: string;
  /** The armored SSHSIG (`ssh-keygen -Y sign -n swaybot-approval`) of the claim's message. */
  signature?: string;
}

/** What a decision signs: every field that matters, in a fixed order, as JSON (unambiguous, one line). */
export function decisionMessage(d: { workflowId: string; step: string; decision: string; by: string; reason?: string | undefined; at: string }): string {
  return JSON.stringify(['swaybot-decision/1', d.workflowId, d.step, d.decision, d.by, d.reason ?? '', d.at]);
}

/** What a start signs: the run, the plan it runs and who starts it. */
export function startMessage(s: { workflowId: string; planHash: string; by: string; at: string }): string {
  return JSON.stringify(['swaybot-start/1', s.workflowId, s.planHash, s.by, s.at]);
}

/** A proven (or, where the directory allows, believed) claim. */
export interface Proven {
  identity: Identity;
  /** `SHA256:…` of the key that signed, when one did. */
  key?: string;
}

/** Why a claim is refused; the validator's failure type. */
export type ClaimRefusal = 'Unsigned' | 'BadSignature' | 'StaleSignature';

export type ClaimCheck = { ok: true; proven: Proven } | { ok: false; reason: ClaimRefusal; message: string };

/**
 * Checks `claim` against `directory`: a signed claim must verify over one of `messages` (the
 * claim's message for each id it may be bound to) with a key of its signer, and be no further
 * than `maxSkewMs` from `nowMs`; an unsigned one counts only when the directory's identity is
 * `asserted`. A signature that does not verify against the keys listed is refused in either
 * mode; where identity is asserted and no key is listed for the signer, it is ignored.
 */
export function checkClaim(directory: ApprovalDirectory, claim: Claim, messages: readonly string[], nowMs: number): ClaimCheck {
  // Where `by` is believed anyway, a signature that nothing could check (no keys listed) changes nothing.
  const unverifiable = keysFor(directory, claim).length === 0;
  if ((claim.signature === undefined && claim.identity === undefined) || (directory.identity === 'asserted' && unverifiable)) {
    if (directory.identity === 'asserted') return { ok: true, proven: { identity: 'asserted' } };
    return {
      ok: false,
      reason: 'Unsigned',
      message:
        `\`${claim.by}\` did not sign it, and this swaybot believes only signed decisions (approvals.identity: signed): ` +
        '`swaybot runbook approve` signs with your SSH key (--key, SWAYBOT_SSH_KEY or ~/.ssh/id_ed25519), whose public key must be in approvals.directory.people',
    };
  }
  const at = claim.at === undefined ? Number.NaN : Date.parse(claim.at);
  if (!Number.isFinite(at)) return { ok: false, reason: 'BadSignature', message: 'a signed claim needs `at`, the time it was signed (ISO 8601)' };
  const proof = prove(directory, claim, messages);
  if ('refused' in proof) return { ok: false, reason: 'BadSignature', message: proof.refused };
  const skew = Math.abs(nowMs - at);
  if (skew > directory.maxSkewMs) {
    const minutes = Math.round(directory.maxSkewMs / 60_000);
    return {
      ok: false,
      reason: 'StaleSignature',
      message: `it was signed at ${claim.at}, ${Math.round(skew / 60_000)} min from the run's time; signatures count for ${minutes} min (approvals.maxSkew): sign it again (is this machine's clock right?)`,
    };
  }
  return { ok: true, proven: proof };
}

/**
 * The identity of a claim already accepted, without the clock: what a handler records (it also
 * runs on replay, where validators do not). A claim whose proof does not verify is `asserted`.
 */
export function identityOf(directory: ApprovalDirectory, claim: Claim, messages: readonly string[]): Proven {
  if (claim.signature === undefined) return { identity: 'asserted' };
  const proof = prove(directory, claim, messages);
  return 'refused' in proof ? { identity: 'asserted' } : proof;
}

/** The keys that may sign `claim`: the Slack app's for a Slack claim, else its person's. */
function keysFor(directory: ApprovalDirectory, claim: Claim): string[] {
  if (claim.identity === 'slack') return directory.services.slack;
  return Object.hasOwn(directory.keys, claim.by) ? directory.keys[claim.by]! : [];
}

function prove(directory: ApprovalDirectory, claim: Claim, messages: readonly string[]): Proven | { refused: string } {
  if (claim.signature === undefined) return { refused: 'it claims a signed identity but carries no signature' };
  const slack = claim.identity === 'slack';
  const keys = keysFor(directory, claim);
  if (keys.length === 0) {
    return {
      refused: slack
        ? "it says it comes from swaybot's Slack app, but the workers know no Slack app key (the Slack signing secret is not in their environment)"
        : `\`${claim.by}\` has no public key in the approver directory (approvals.directory.people.${claim.by}.keys of the worker's configuration)`,
    };
  }
  let last = '';
  for (const message of messages) {
    const verified = verifySignature(message, claim.signature, keys);
    if (verified.ok) return { identity: slack ? 'slack' : 'ssh', key: verified.fingerprint };
    last = verified.reason;
  }
  return { refused: `the signature of \`${claim.by}\` does not verify: ${last}` };
}

/** What signs a claim: a person's SSH key (the CLI) or the Slack app's key. */
export interface Signer {
  identity: 'ssh' | 'slack';
  /** `SHA256:…` of the signing key, to tell people which key signed. */
  key?: string;
  /** The armored SSHSIG of `message`. */
  sign(message: string): Promise<string>;
}

/** `by`'s claim, signed by `signer` over `messageAt(at)` when there is one (else only asserted). */
export async function makeClaim(by: string, messageAt: (at: string) => string, signer: Signer | undefined, now: Date = new Date()): Promise<Claim> {
  if (!signer) return { by };
  const at = now.toISOString();
  return { by, identity: signer.identity, at, signature: await signer.sign(messageAt(at)) };
}
