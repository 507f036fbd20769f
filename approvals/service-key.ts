/**
 * The key swaybot's Slack app signs decisions with, on behalf of the people Slack authenticated
 * (Slack signs every request with the app's signing secret, and the app checks it; in Socket Mode
 * requests come over a socket opened with the app-level token). The key is derived from that same
 * secret, so every worker that runs the app, and every worker that builds the directory, agrees
 * on it without another secret to distribute; whoever holds the secret could forge Slack's
 * requests anyway. Pure.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import type { Signer } from './identity.js';
import { publicKeyLine, signWithSeed } from './sshsig.js';
import { utf8 } from './ssh-wire.js';

function seedOf(secret: string): Uint8Array {
  return sha512(utf8(`swaybot service key\0slack\0${secret}`)).slice(0, 32);
}

/** The public key line of the Slack app whose signing secret is `secret`. */
export function slackPublicKey(secret: string): string {
  return publicKeyLine(ed25519.getPublicKey(seedOf(secret)), 'swaybot-slack-app');
}

/** The armored SSHSIG of `message` by the Slack app whose signing secret is `secret`. */
export function signAsSlack(message: string, secret: string): string {
  return signWithSeed(message, seedOf(secret));
}

/** The secret the Slack app's key derives from: its signing secret, or in Socket Mode its app-level token. */
export function slackKeySecret(
  slack: { socketMode: boolean; signingSecret: { env: string }; appToken: { env: string } },
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return (slack.socketMode ? env[slack.appToken.env] : env[slack.signingSecret.env]) || undefined;
}

/** The signer of the Slack app, when its secret is in `env`. */
export function slackSigner(slack: Parameters<typeof slackKeySecret>[0], env: Readonly<Record<string, string | undefined>>): Signer | undefined {
  const secret = slackKeySecret(slack, env);
  return secret === undefined ? undefined : { identity: 'slack', sign: (message) => Promise.resolve(signAsSlack(message, secret)) };
}
