import { Agent, fetch as undiciFetch } from 'undici';

/**
 * TLS opt-out for BMCs with self-signed certificates. Node 20's global fetch cannot skip
 * certificate checks, so hosts with `tls: { verify: false }` go through the `undici`
 * package's own fetch with an Agent that does not verify; all other hosts use global fetch.
 */
let insecureAgent: Agent | undefined;
const warned = new Set<string>();

/** Where the once-per-host warning goes; tests and the CLI may replace it. */
let tlsWarn: (message: string) => void = (message) => process.stderr.write(`! ${message}\n`);

/** Replaces the warning sink (returns the previous one). */
export function setTlsWarn(sink: (message: string) => void): (message: string) => void {
  const previous = tlsWarn;
  tlsWarn = sink;
  return previous;
}

/** Warns once per host per process that its certificate is not checked. */
export function warnInsecure(host: string, origin: string): void {
  if (warned.has(host)) return;
  warned.add(host);
  tlsWarn(`host ${host}: TLS certificate of ${origin} is NOT verified (inventory tls.verify: false)`);
}

/** fetch that accepts any certificate; only for hosts that opted out. */
export function insecureFetch(url: URL, init: RequestInit): Promise<Response> {
  insecureAgent ??= new Agent({ connect: { rejectUnauthorized: false } });
  return viaAgent(insecureAgent, url, init);
}

/** Agents with a short TCP connect timeout (status reads), one per timeout and TLS choice. */
const connectAgents = new Map<string, Agent>();

/**
 * The fetch for one request: global fetch, unless the host opted out of TLS checks or the caller
 * wants a shorter connect timeout than undici's 10 s (a dead BMC then costs that much, not 10 s).
 */
export function fetchFor(options: { insecure: boolean; connectTimeoutMs?: number }): (url: URL, init: RequestInit) => Promise<Response> {
  const { insecure, connectTimeoutMs } = options;
  if (connectTimeoutMs === undefined) return insecure ? insecureFetch : fetch;
  const key = `${insecure}:${connectTimeoutMs}`;
  let agent = connectAgents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { timeout: connectTimeoutMs, ...(insecure ? { rejectUnauthorized: false } : {}) } });
    connectAgents.set(key, agent);
  }
  const chosen = agent;
  return (url, init) => viaAgent(chosen, url, init);
}

function viaAgent(agent: Agent, url: URL, init: RequestInit): Promise<Response> {
  // undici's Response matches the global one at runtime; its types differ only nominally.
  return undiciFetch(url, { ...(init as unknown as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
}

/** Node's TLS error codes, so a certificate problem is reported as one rather than "unreachable". */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|HOSTNAME_MISMATCH|ERR_SSL/;

/** A readable explanation when `code` is a certificate failure, else undefined. */
export function tlsHint(code: string): string | undefined {
  if (!TLS_CODES.test(code)) return undefined;
  return `TLS certificate not trusted (${code}); trust the BMC's CA with NODE_EXTRA_CA_CERTS=/path/ca.pem, or set tls: { verify: false } for this host in the inventory`;
}
