/** Text output of `swaybot hardware status`: one row per host, then a count. */
import pc from 'picocolors';
import { answered, type FleetErrorKind, type FleetRow } from '../../hardware/fleet.js';
import { safeText } from './safe-text.js';

const HEADERS = ['HOST', 'RACK/POS', 'PROTOCOL', 'POWER', 'HEALTH', 'SUMMARY', 'ERROR'] as const;

/** The table; colour only marks power and health, so the plain text reads the same without it. */
export function formatFleet(rows: readonly FleetRow[], ms: number): string {
  const cells = rows.map((r) => [
    r.host,
    `${r.rack}/${r.position}`,
    r.protocol,
    r.power ?? '-',
    r.health ?? '-',
    r.summary ?? '-',
    r.error ? `${r.error.name}: ${r.error.message}` : '',
  // What a BMC answers is not ours: escaped, so a reply cannot drive the terminal.
  ].map((cell) => safeText(cell)));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 6 ? 0 : c[i]!.length))));
  const line = (c: readonly string[], colour = (i: number, s: string) => s) =>
    c.map((s, i) => colour(i, i === c.length - 1 ? s : s.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [pc.dim(line(HEADERS))];
  for (const c of cells) out.push(line(c, paint));
  const failed = rows.filter((r) => !r.ok).length;
  const count = `${rows.length} host${rows.length === 1 ? '' : 's'}: ${rows.length - failed} ok, ${failed} failed (${(ms / 1000).toFixed(1)} s)`;
  out.push('', failed > 0 ? pc.red(`✖ ${count}`) : pc.green(`✔ ${count}`));
  out.push(...silentHosts(rows));
  return out.join('\n');
}

/** Why a host did not answer, for the lines under the count (the ERROR column has the details). */
const SILENCE: Partial<Record<FleetErrorKind, string>> = {
  unreachable: 'unreachable: no session or connection',
  timeout: 'no answer in time',
  credentials: 'not asked: no credentials here',
  internal: 'not asked: swaybot error',
};

/** `  did not answer (unreachable: …): a, b`, one line per reason, for hosts whose BMC said nothing. */
function silentHosts(rows: readonly FleetRow[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const row of rows) {
    if (answered(row)) continue;
    const reason = (row.error && SILENCE[row.error.kind]) ?? row.error?.kind ?? 'unknown';
    byReason.set(reason, [...(byReason.get(reason) ?? []), row.host]);
  }
  return [...byReason].map(([reason, hosts]) => pc.red(`  did not answer (${safeText(reason)}): ${safeText(hosts.join(', '))}`));
}

function paint(column: number, text: string): string {
  const t = text.trim();
  if (column === 3) return t === 'on' ? pc.green(text) : t === 'off' ? pc.yellow(text) : text;
  if (column === 4) return t === 'ok' ? pc.green(text) : t === 'warning' ? pc.yellow(text) : t === 'critical' ? pc.red(text) : text;
  if (column === 6) return pc.red(text);
  return text;
}

/** `  12/50 hosts checked, 11 answered (3.1 s)` for the progress line on stderr; only BMCs that spoke count as answered. */
export function progressLine(done: number, total: number, answeredCount: number, ms: number): string {
  return `  ${done}/${total} hosts checked, ${answeredCount} answered (${(ms / 1000).toFixed(1)} s)`;
}
