/** Text output of `swaybot ledger report`: the figures, then each incident with the events behind it. */
import pc from 'picocolors';
import type { AvailabilityReport, IncidentFigures, MeanFigure } from '../../ledger/index.js';
import { safeFields } from './safe-text.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2d 3h 5m 10s`, zero parts left out; under a second as `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.join(' ');
}

/**
 * Rounded down, so anything short of 100% never prints as 100%; exactly 100 prints as `100%`.
 */
export function formatPercent(percent: number): string {
  return percent === 100 ? '100%' : `${(Math.floor(percent * 10_000) / 10_000).toFixed(4)}%`;
}

const meanLine = (label: string, m: MeanFigure, what: string) =>
  `${label.padEnd(14)}${m.meanMs === null ? pc.dim('n/a') : formatDuration(m.meanMs)}  ${pc.dim(`(n=${m.n} ${what})`)}`;

function incidentLines(i: IncidentFigures): string[] {
  const name = i.episode > 1 ? `${i.incident} (re-opened, #${i.episode})` : i.incident;
  const lines = [pc.bold(`${name}${i.title === undefined ? '' : `  ${i.title}`}`)];
  const tta = i.timeToAcknowledgeMs === undefined ? '' : `  (TTA ${formatDuration(i.timeToAcknowledgeMs)})`;
  const ttr = i.timeToResolveMs === undefined ? '' : `  (TTR ${formatDuration(i.timeToResolveMs)})`;
  lines.push(`  opened        ${i.opened}  ${pc.dim(i.eventIds.opened)}`);
  lines.push(
    i.acknowledged === undefined
      ? `  acknowledged  ${pc.yellow('never')}`
      : `  acknowledged  ${i.acknowledged}${tta}  ${pc.dim(i.eventIds.acknowledged ?? '')}`,
  );
  lines.push(
    i.resolved === undefined ? `  resolved      ${pc.yellow('still open')}` : `  resolved      ${i.resolved}${ttr}  ${pc.dim(i.eventIds.resolved ?? '')}`,
  );
  lines.push(`  down in window ${formatDuration(i.downtimeMs)}`);
  if (i.eventIds.also.length > 0) lines.push(pc.dim(`  also (set no figure): ${i.eventIds.also.join(', ')}`));
  return lines;
}

export function formatReport(raw: AvailabilityReport): string {
  // Incident ids and titles come from alerts, skip reasons from events: escaped.
  const r = safeFields(raw);
  const availability = r.availabilityPercent === 100 ? pc.green(formatPercent(100)) : pc.yellow(formatPercent(r.availabilityPercent));
  const lines = [
    pc.bold(`service ${r.service}  ${r.from} → ${r.to}  (${formatDuration(r.windowMs)})`),
    `${'availability'.padEnd(14)}${availability}  ${pc.dim(`(down ${formatDuration(r.downtimeMs)} of ${formatDuration(r.windowMs)}; overlapping incidents count once)`)}`,
    `${'incidents'.padEnd(14)}${r.incidents.length}`,
    meanLine('MTTA', r.mtta, 'acknowledged'),
    meanLine('MTTR', r.mttr, 'resolved'),
  ];
  if (r.incidents.some((i) => i.resolved === undefined)) lines.push(pc.dim(`still-open incidents count as down until ${r.openUntil}`));
  for (const i of r.incidents) lines.push('', ...incidentLines(i));
  if (r.skipped.length > 0) {
    lines.push('', pc.yellow(`⚠ skipped ${plural(r.skipped.length, 'event')} that could not be used:`));
    for (const s of r.skipped) lines.push(`  ${s.eventId}  ${s.type}  ${s.time}  ${s.reason}`);
  }
  return lines.join('\n');
}
