/**
 * `http.allowHosts` matching, part of the `http.request` contract: an entry is
 * an exact host name or address (`status.example.com`, `127.0.0.1`, `::1`) or
 * `*.suffix`, which matches any sub-domain of the suffix but not the suffix
 * itself; either may name a port (`127.0.0.1:8787`, `[::1]:8787`,
 * `*.example.com:443`). An entry without a port allows every port of its host.
 * Comparison ignores case. The compiler checks literal URLs and the activity
 * checks rendered ones with this one rule, so a URL that passes the check is
 * not refused later.
 */
export interface AllowEntry {
  /** Lower-case host, address (IPv6 without brackets) or `*.suffix`. */
  readonly host: string;
  /** The one port allowed; undefined: any. */
  readonly port?: number;
}

/**
 * Whether `hostname` may be called. With `port`, only entries without a port
 * or with that port match; without it, the host alone is compared.
 */
export function isHostAllowed(hostname: string, allowHosts: readonly string[], port?: number): boolean {
  const host = normaliseHost(hostname);
  return allowHosts.some((raw) => {
    const entry = parseAllowEntry(raw);
    if (!entry || (port !== undefined && entry.port !== undefined && entry.port !== port)) return false;
    if (entry.host.startsWith('*.')) return host.endsWith(entry.host.slice(1)) && host.length > entry.host.length - 1;
    return host === entry.host;
  });
}

/** Whether `url`'s host and port (its own, else 80 or 443) may be called. */
export function isUrlAllowed(url: URL, allowHosts: readonly string[]): boolean {
  return isHostAllowed(url.hostname, allowHosts, portOf(url));
}

/** The TCP port a URL connects to. */
export function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; undefined for what matches nothing. */
export function parseAllowEntry(raw: string): AllowEntry | undefined {
  const text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return entry(bracketed[1] ?? '', bracketed[2]);
  const colons = text.split(':').length - 1;
  if (colons > 1) return entry(text, undefined);
  const [host = '', port] = text.split(':');
  return entry(host, port);
}

function entry(host: string, port: string | undefined): AllowEntry | undefined {
  if (!host) return undefined;
  if (port === undefined) return { host: normaliseHost(host) };
  const n = /^\d{1,5}$/.test(port) ? Number(port) : 0;
  return n >= 1 && n <= 65535 ? { host: normaliseHost(host), port: n } : undefined;
}

/** Lower case, no brackets, no trailing root dot; IPv6 in the compressed form URL uses. */
export function normaliseHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (!bare.includes(':')) return bare;
  try {
    return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return bare;
  }
}
