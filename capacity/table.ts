/** A plan as a text table (the CLI and the console notifier): one row per hour that changes, plus the first and last. */
import type { CapacityPlan } from './plan.js';

export function planTable(plan: CapacityPlan, options: { all?: boolean; unit?: string } = {}): string {
  const rows: string[][] = [['hour (UTC)', `p90 load${options.unit ? ` (${options.unit})` : ''}`, 'needs', 'replicas', '']];
  let previous = plan.current;
  plan.hours.forEach((h, i) => {
    const change = h.replicas - previous;
    const show = options.all || i === 0 || i === plan.hours.length - 1 || change !== 0;
    if (show) {
      rows.push([new Date(h.t).toISOString().slice(0, 16).replace('T', ' '), h.p90.toFixed(1), h.need.toFixed(2), String(h.replicas), change > 0 ? `▲ +${change}` : change < 0 ? `▼ ${change}` : '']);
    }
    previous = h.replicas;
  });
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}
