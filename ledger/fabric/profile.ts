import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The connection profile `npm run fabric:up` writes (`<stateDir>/fabric/connection.json`):
 * where the peer's gateway listens, how to trust its TLS certificate, which channel and
 * chaincode, and the identities (certificate + private key files) a client may use.
 * Relative file paths are resolved against the profile's own folder.
 */
const identitySchema = z.strictObject({
  mspId: z.string().min(1),
  certPath: z.string().min(1),
  keyPath: z.string().min(1),
});

export const profileSchema = z.strictObject({
  peerEndpoint: z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'),
  /** TLS server name of the peer (its certificate's name), when dialled by IP. */
  hostAlias: z.string().min(1),
  tlsCaCertPath: z.string().min(1),
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  identities: z.record(z.string(), identitySchema).refine((r) => Object.keys(r).length > 0, 'expected at least one identity'),
});
export type ConnectionProfile = z.infer<typeof profileSchema>;

/** Reads and checks a profile; every problem is named with the file it came from. */
export async function loadProfile(file: string): Promise<ConnectionProfile> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the Fabric connection profile ${file}: ${(error as Error).message}. Run \`npm run fabric:up\` to create it.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new Error(`The Fabric connection profile ${file} is not JSON`);
  }
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(profile)'}: ${i.message}`);
    throw new Error(`The Fabric connection profile ${file} is invalid: ${issues.join('; ')}`);
  }
  const dir = path.dirname(path.resolve(file));
  const abs = (p: string): string => path.resolve(dir, p);
  const profile = parsed.data;
  const identities = Object.fromEntries(
    Object.entries(profile.identities).map(([name, id]) => [name, { ...id, certPath: abs(id.certPath), keyPath: abs(id.keyPath) }]),
  );
  return { ...profile, tlsCaCertPath: abs(profile.tlsCaCertPath), identities };
}

/**
 * Where a Fabric-backed ledger lives, for people: `Fabric channel swaybot, chaincode
 * swaybot-ledger, peer 127.0.0.1:7051 (identity writer)`, from the `ledger.fabric` config section
 * (its profile relative to `stateDir`). The worker prints it at start instead of an embedded
 * ledger folder it does not use.
 */
export async function describeFabricLedger(config: { profile: string; identity: string }, stateDir: string): Promise<string> {
  const profile = await loadProfile(path.resolve(stateDir, config.profile));
  return `Fabric channel ${profile.channel}, chaincode ${profile.chaincode}, peer ${profile.peerEndpoint} (identity ${config.identity})`;
}
