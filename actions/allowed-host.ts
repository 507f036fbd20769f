/**
 * `http.allowHosts` matching, part of the `http.request` contract: an entry is
 * an exact host name (`127.0.0.1`, `status.example.com`) or `*.suffix`, which
 * matches any sub-domain of the suffix but not the suffix itself. Comparison
 * ignores case. The compiler checks literal URLs and the activity checks
 * rendered ones with this one rule, so a URL that passes the check is not
 * refused later.
 */
export function isHostAllowed(hostname: string, allowHosts: readonly string[]): boolean {
  const host = normalise(hostname);
  return allowHosts.some((entry) => {
    const pattern = normalise(entry);
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
    return host === pattern;
  });
}

function normalise(host: string): string {
  // URL keeps IPv6 literals in brackets and may keep a trailing root dot.
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}
