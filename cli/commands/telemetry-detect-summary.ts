/**
 * The closing summary of `swaybot telemetry detect`: files and points scored, the detector's speed
 * (µs per point, detector time only, as the NAB runner measures it), the files with the most
 * detections (scores at or above the threshold) and where the results went.
 */
import pc from 'picocolors';

/** What one scored file gave. */
export interface FileResult {
  /** `category/name.csv`. */
  rel: string;
  points: number;
  /** Points scored at or above the threshold. */
  detections: number;
  maxScore: number;
  /** The timestamp (as written) of the highest score. */
  maxStamp: string;
}

export interface DetectSummary {
  results: readonly FileResult[];
  failed: number;
  /** Files found (scored, failed, or not reached when stopped). */
  total: number;
  threshold: number;
  /** Detector time, ms. */
  detectMs: number;
  /** `<out>/<detector>`. */
  outDir: string;
  stopped: boolean;
}

/** Files listed with their detections; the rest are counted. */
const TOP = 10;

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function formatDetectSummary(s: DetectSummary): string {
  const points = s.results.reduce((sum, r) => sum + r.points, 0);
  const micros = points > 0 ? (s.detectMs * 1000) / points : 0;
  const lines: string[] = [];
  const head = `scored ${count(s.results.length, 'file')}, ${count(points, 'point')} (${micros.toFixed(1)} µs per point)`;
  lines.push(s.results.length > 0 && s.failed === 0 && !s.stopped ? `${pc.green('✔')} ${head}` : head);
  const hits = s.results.filter((r) => r.detections > 0).sort((a, b) => b.detections - a.detections || b.maxScore - a.maxScore || a.rel.localeCompare(b.rel));
  const total = hits.reduce((sum, r) => sum + r.detections, 0);
  if (hits.length === 0) {
    const best = [...s.results].sort((a, b) => b.maxScore - a.maxScore)[0];
    const highest = best ? ` (highest ${best.maxScore.toFixed(3)} in ${best.rel} at ${best.maxStamp})` : '';
    lines.push(`no detections at or above ${s.threshold}${highest}`);
  } else {
    lines.push(`${count(total, 'detection')} at or above ${s.threshold} in ${count(hits.length, 'file')} of ${s.results.length}:`);
    const width = Math.max(...hits.slice(0, TOP).map((r) => r.rel.length));
    for (const r of hits.slice(0, TOP)) {
      lines.push(`  ${r.rel.padEnd(width)}  ${String(r.detections).padStart(5)}  max ${r.maxScore.toFixed(3)} at ${r.maxStamp}`);
    }
    if (hits.length > TOP) lines.push(`  … and ${count(hits.length - TOP, 'more file')}`);
  }
  if (s.results.length > 0) lines.push(`results in ${s.outDir}/<category>/ (timestamp,value,anomaly_score,label)`);
  if (s.failed > 0) lines.push(`${pc.red('✖')} ${count(s.failed, 'file')} could not be read (above); the others were scored`);
  if (s.stopped) lines.push(`stopped after ${s.results.length + s.failed} of ${count(s.total, 'file')}`);
  return lines.join('\n');
}
