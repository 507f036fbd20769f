/**
 * bench:cli — how long one `swaybot` call takes, start to exit, from the sources with tsx
 * (what every call cost before dist/) and from the compiled CLI in dist/, for `--help` and
 * for a real command. The anchor is `node -e 0`: Node's own start-up, the floor no CLI
 * written for Node can go under. Runs alternate between the variants, so machine noise hits
 * all alike; each figure is the median of its runs.
 *
 *   npm run bench:cli [-- --runs 9]
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { distStaleReason } from '../bin/dist-stamp.js';

const root = join(import.meta.dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
const bin = join(root, 'bin', 'swaybot.js');
const check = ['runbook', 'check', 'runbooks/service-health-check.md'];

interface Variant {
  name: string;
  /** The program to start; node by default. */
  command?: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const fromSource = { SWAYBOT_FROM_SOURCE: '1' };
const variants: Variant[] = [
  { name: 'node -e 0 (floor)', args: ['-e', '0'] },
  { name: 'swaybot --help, tsx (before)', args: [bin, '--help'], env: fromSource },
  { name: 'swaybot --help, dist', args: [bin, '--help'] },
  { name: 'npx swaybot --help, dist (npx adds its own start)', command: 'npx', args: ['swaybot', '--help'] },
  { name: `swaybot ${check.join(' ')}, tsx (before)`, args: [bin, ...check], env: fromSource },
  { name: `swaybot ${check.join(' ')}, dist`, args: [bin, ...check] },
];

/** Milliseconds one run of `variant` takes, start to exit; throws if it fails. */
function once(variant: Variant): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(variant.command ?? process.execPath, variant.args, { cwd: root, env: { ...process.env, NO_COLOR: '1', ...variant.env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${variant.name} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return ms;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// The dist figures mean nothing if the launcher fell back to tsx: build first, check after.
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

for (const v of variants) once(v); // warm-up: the file system cache, tsx's transform cache
const times = new Map(variants.map((v) => [v.name, [] as number[]]));
for (let r = 0; r < runs; r++) for (const v of variants) times.get(v.name)!.push(once(v));
const stale = distStaleReason(root);
if (stale) throw new Error(`dist/ went stale during the run (${stale}): the "dist" figures may be tsx ones; run it again`);

const floor = median(times.get(variants[0]!.name)!);
const med = (v: Variant): number => median(times.get(v.name)!);
console.log(`swaybot start-up, ${runs} runs each, median (node ${process.version}, ${cpus().length}× ${cpus()[0]?.model.trim()})\n`);
const width = Math.max(...variants.map((v) => v.name.length));
console.log(`${'command'.padEnd(width)} ${'median ms'.padStart(9)} ${'× floor'.padStart(8)}`);
for (const v of variants) console.log(`${v.name.padEnd(width)} ${med(v).toFixed(0).padStart(9)} ${(med(v) / floor).toFixed(1).padStart(8)}`);
for (const [tsx, dist] of [[variants[1]!, variants[2]!], [variants[4]!, variants[5]!]] as const) {
  const saved = med(tsx) - med(dist);
  console.log(`\n${dist.name}: ${(med(tsx) / med(dist)).toFixed(2)}× faster than tsx, ${saved.toFixed(0)} ms saved; over the floor: ${(med(tsx) - floor).toFixed(0)} → ${(med(dist) - floor).toFixed(0)} ms`);
}
