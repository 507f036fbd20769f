/** Test certificates: a throwaway EC CA and identities minted by scripts/fabric/mint-writer.sh. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const script = path.resolve(import.meta.dirname, '../../scripts/fabric/mint-writer.sh');

export interface TestCa {
  cert: string;
  key: string;
}

export function makeCa(dir: string): TestCa {
  const key = path.join(dir, 'ca-key.pem');
  const cert = path.join(dir, 'ca-cert.pem');
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
  execFileSync('openssl', ['req', '-new', '-x509', '-key', key, '-subj', '/O=org1.example.com/CN=ca.org1.example.com', '-days', '30', '-out', cert,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  return { cert, key };
}

/** Mints an identity with swaybot.role=`role` into `mspDir`; returns its certificate (PEM bytes). */
export function mint(ca: TestCa, mspDir: string, role = 'writer'): Buffer {
  execFileSync('bash', [script, ca.cert, ca.key, mspDir, role]);
  return readFileSync(path.join(mspDir, 'signcerts/cert.pem'));
}
