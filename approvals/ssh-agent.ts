/**
 * One request to a running ssh-agent (draft-miller-ssh-agent): sign `data` with the key whose
 * public blob is `keyBlob`. Used for passphrase-protected keys, whose private part swaybot never reads.
 */
import { connect } from 'node:net';
import { concat, sshString, SshReader, u32 } from './ssh-wire.js';

const SIGN_REQUEST = 13;
const SIGN_RESPONSE = 14;
const FAILURE = 5;

/** The signature blob (`string type`, `string signature`) the agent at `socket` made; rejects when it refuses. */
export function agentSign(socket: string, keyBlob: Uint8Array, data: Uint8Array, timeoutMs = 10_000): Promise<Uint8Array> {
  const body = concat(Uint8Array.of(SIGN_REQUEST), sshString(keyBlob), sshString(data), u32(0));
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(new Error('ssh-agent did not answer')), timeoutMs);
    const finish = (err: Error | undefined, value?: Uint8Array) => {
      clearTimeout(timer);
      conn.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    conn.on('error', (err) => finish(err));
    conn.on('connect', () => conn.write(concat(u32(body.length), body)));
    conn.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length < 4) return;
      const length = all.readUInt32BE(0);
      if (all.length < 4 + length) return;
      const r = new SshReader(new Uint8Array(all.subarray(4, 4 + length)));
      const type = r.u8();
      if (type === SIGN_RESPONSE) finish(undefined, Uint8Array.from(r.string()));
      else finish(new Error(type === FAILURE ? 'the agent refused (it does not hold this key)' : `unexpected agent answer ${type}`));
    });
    conn.on('close', () => finish(new Error('ssh-agent closed the connection')));
  });
}
