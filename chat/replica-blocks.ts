/**
 * Block Kit for a replica printing run: what is printed (host or rack, scale, parts, plates), where
 * it is (modelling, slicing, printing with percent and time left, printed, failed, cancelled), the
 * printer, and the files' hashes once printed. The preview is uploaded with the first post.
 */
import type { ReplicaStatus } from '../printing/status.js';
import type { Block } from './notifier.js';
import { escapeMrkdwn, mrkdwn } from './slack-text.js';

const STATE: Record<ReplicaStatus['state'], string> = {
  modelling: ':triangular_ruler: modelling',
  slicing: ':knife: slicing',
  printing: ':printer: printing',
  printed: ':white_check_mark: printed',
  failed: ':x: failed',
  cancelled: ':no_entry_sign: cancelled',
};

export const replicaTitle = (s: ReplicaStatus): string => ('host' in s.target ? `replica of ${s.target.host}` : `replicas of rack ${s.target.rack}`);

function minutes(seconds: number): string {
  return seconds >= 3600 ? `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min` : `${Math.max(1, Math.round(seconds / 60))} min`;
}

export function replicaMessage(s: ReplicaStatus): { text: string; blocks: Block[] } {
  const text = `Printing the ${replicaTitle(s)}: ${STATE[s.state].replace(/^:[a-z_]+: /, '')}`;
  const lines = [`*Printing the ${escapeMrkdwn(replicaTitle(s))}* — ${STATE[s.state]}`];
  if (s.parts.length > 0) {
    const scale = s.scale ? `1:${Math.round(1 / s.scale)}` : '';
    lines.push(`${s.parts.length} part${s.parts.length === 1 ? '' : 's'} at ${scale} on ${s.plates.length} plate${s.plates.length === 1 ? '' : 's'}${s.printer ? `, printer ${escapeMrkdwn(s.printer)}` : ''}.`);
  }
  for (const p of s.plates) {
    const parts: string[] = [`plate ${p.index}: ${p.hosts.map(escapeMrkdwn).join(', ')}`];
    if (p.layers !== undefined) parts.push(`${p.layers} layers`);
    if (p.estimatedSeconds !== undefined) parts.push(`≈ ${minutes(p.estimatedSeconds)}`);
    if (p.percent !== undefined && s.state === 'printing') parts.push(`${p.percent.toFixed(0)} %${p.timeLeftS !== undefined ? `, ${minutes(p.timeLeftS)} left` : ''}`);
    if (p.printedSeconds !== undefined) parts.push(`printed in ${minutes(p.printedSeconds)}`);
    lines.push(`• ${parts.join(' · ')}`);
  }
  if (s.skipped.length > 0) lines.push(`Skipped: ${s.skipped.map(escapeMrkdwn).join('; ')}`);
  if (s.state === 'printed') lines.push(`STL sha256: ${s.parts.map((p) => `\`${p.host}\` ${p.sha256.slice(0, 12)}`).join(', ')}`);
  if (s.error) lines.push(`Error: ${escapeMrkdwn(s.error)}`);
  return { text, blocks: [{ type: 'section', text: mrkdwn(lines.join('\n')) }] };
}
