/**
 * A throwaway PKI made with the `openssl` CLI for the TLS tests: a CA, a server certificate
 * for 127.0.0.1 and localhost, a client certificate it signed, and a client certificate from
 * another CA (which the server must refuse). P-256 keys, valid for two days.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How to install it, on Debian as bootstrap's other tools are. */
export const OPENSSL_INSTALL = 'sudo apt-get install -y openssl';

export interface TestPki {
  /** The CA that signed the server and the good client certificate (PEM path). */
  ca: string;
  /** Certificate then key, as haproxy's `crt` takes it. */
  serverBundle: string;
  client: { cert: string; key: string };
  /** Signed by another CA: the server must refuse it. */
  rogue: { cert: string; key: string };
}

/** The reason TLS tests cannot run here (no `openssl` on PATH), or undefined. */
export function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `openssl not found on PATH. Install it: ${OPENSSL_INSTALL}`;
  }
}

/** Makes the PKI in `dir` (which must exist). */
export function makeTestPki(dir: string): TestPki {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-noenc'];
  const ca = (name: string) => {
    openssl('req', '-x509', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=swaybot test ${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  };
  const leaf = (name: string, issuer: string, san: string, usage: 'serverAuth' | 'clientAuth') => {
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=${usage}\nbasicConstraints=CA:FALSE\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
    return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  };
  ca('ca');
  ca('other-ca');
  const server = leaf('server', 'ca', 'DNS:localhost,IP:127.0.0.1', 'serverAuth');
  const client = leaf('client', 'ca', 'DNS:swaybot-worker', 'clientAuth');
  const rogue = leaf('rogue', 'other-ca', 'DNS:swaybot-worker', 'clientAuth');
  const serverBundle = join(dir, 'server-bundle.pem');
  writeFileSync(serverBundle, readFileSync(server.cert, 'utf8') + readFileSync(server.key, 'utf8'));
  return { ca: join(dir, 'ca.pem'), serverBundle, client, rogue };
}
