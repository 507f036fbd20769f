/**
 * bench:hardware — wall time of `hardware status` fanned out over a simulated fleet, against
 * the same per-host status calls made one after another in the same run (the anchor). The
 * fleet is real simulators on loopback: `--ipmi` ipmi_sim processes and `--redfish`
 * sushy-emulator --fake processes (default 25 + 25), each on its own port, one per host, via
 * the drill code. Each host status is one power read plus one sensor read, as the CLI does.
 * Rounds alternate the order (sequential first, then fan-out first); the best of each is kept.
 *
 *   npm run bench:hardware [-- --ipmi 25 --redfish 25 --concurrency 50 --rounds 3]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDrillCredentials } from '../devstack/drill/credentials.js';
import { startSimFleet } from '../devstack/drill/fleet-sim.js';
import { fleetStatus, hostStatus, selectHosts } from '../hardware/fleet.js';
import { loadInventory } from '../hardware/inventory.js';
import { freeUdpPort } from '../devstack/sim/free-port.js';
import { freeTcpPort } from '../devstack/sim/sushy.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};
const ipmiCount = arg('ipmi', 25);
const redfishCount = arg('redfish', 25);
const rounds = arg('rounds', 3);
const concurrencies = process.argv.includes('--concurrency') ? [arg('concurrency', 16)] : [16, ipmiCount + redfishCount];

async function writeInventory(dir: string): Promise<string> {
  const lines = ['hosts:'];
  for (let i = 1; i <= ipmiCount + redfishCount; i++) {
    const ipmi = i <= ipmiCount;
    const port = ipmi ? await freeUdpPort() : await freeTcpPort();
    const name = `${ipmi ? 'ipmi' : 'rf'}-${String(i).padStart(2, '0')}`;
    const pw = ipmi ? 'SWAYBOT_DRILL_IPMI_PASSWORD' : 'SWAYBOT_DRILL_REDFISH_PASSWORD';
    lines.push(`  ${name}:`, `    bmc: { address: 127.0.0.1, port: ${port}, protocol: ${ipmi ? 'ipmi' : 'redfish, scheme: http'}, credentials: { username: admin, password: { env: ${pw} } } }`,
      `    rack: rack-${1 + ((i - 1) % 5)}`, `    position: ${i}`, '    vendor: Dell', '    model: PowerEdge R650');
  }
  const file = join(dir, 'bench-fleet.yaml');
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/**
 * CPU seconds used so far by this process, its reaped children (every ipmitool run) and the
 * simulators, from /proc (Linux; 0 elsewhere). Clock ticks are 100 per second on Linux.
 */
function cpuSeconds(simPids: readonly number[]): number {
  const ticks = (pid: number | 'self', fields: number[]) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the command name start at field 3; utime=14, stime=15, cutime=16, cstime=17.
      return fields.reduce((sum, f) => sum + Number(rest[f - 3] ?? 0), 0);
    } catch {
      return 0;
    }
  };
  return (ticks('self', [14, 15, 16, 17]) + simPids.reduce((sum, pid) => sum + ticks(pid, [14, 15]), 0)) / 100;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'swaybot-bench-hw-'));
  const env = withDrillCredentials(process.env);
  const inventory = loadInventory(await writeInventory(dir));
  const total = inventory.hosts.size;
  console.log(`bench:hardware: ${ipmiCount} ipmi_sim + ${redfishCount} sushy-emulator processes on 127.0.0.1 (${cpus().length} CPUs); starting…`);
  const t0 = Date.now();
  const fleet = await startSimFleet(inventory, { env });
  console.log(`  fleet up in ${seconds(Date.now() - t0)} s`);
  try {
    const hosts = selectHosts(inventory);
    const best = { sequential: Infinity, sum: Infinity, cpu: Infinity, fan: new Map<number, number>() };
    const pids = fleet.bmcs.flatMap((b) => (b.pid === undefined ? [] : [b.pid]));
    for (let r = 0; r < rounds; r++) {
      const runSequential = async () => {
        const start = Date.now();
        const cpu0 = cpuSeconds(pids);
        let sum = 0;
        for (const host of hosts) {
          const row = await hostStatus(host, { env, timeoutMs: 15_000 });
          if (!row.ok) throw new Error(`${row.host}: ${row.error?.message}`);
          sum += row.ms;
        }
        best.sequential = Math.min(best.sequential, Date.now() - start);
        best.sum = Math.min(best.sum, sum);
        best.cpu = Math.min(best.cpu, cpuSeconds(pids) - cpu0);
      };
      const runFan = async () => {
        for (const c of concurrencies) {
          const start = Date.now();
          const rows = await fleetStatus(inventory, { concurrency: c, env, timeoutMs: 15_000 });
          const failed = rows.filter((x) => !x.ok);
          if (failed.length > 0) throw new Error(`fan-out: ${failed.length} hosts failed, e.g. ${failed[0]!.host}: ${failed[0]!.error?.message}`);
          best.fan.set(c, Math.min(best.fan.get(c) ?? Infinity, Date.now() - start));
        }
      };
      if (r % 2 === 0) { await runSequential(); await runFan(); } else { await runFan(); await runSequential(); }
      console.log(`  round ${r + 1}/${rounds} done`);
    }
    const lines = [
      `hosts: ${total} (${ipmiCount} IPMI via ipmi_sim, ${redfishCount} Redfish via sushy-emulator --fake, one process per host), best of ${rounds} rounds`,
      // Simulators, ipmitool and this process share the CPUs: the speed-up cannot exceed what they leave free.
      `machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at the end (simulators and client share these CPUs)`,
      `sequential (one host after another): ${seconds(best.sequential)} s wall, sum of per-host calls ${seconds(best.sum)} s (${(best.sum / total).toFixed(0)} ms/host)`,
      `CPU used by client + ipmitool + simulators during the sequential pass: ${best.cpu.toFixed(2)} s (${((best.cpu / total) * 1000).toFixed(0)} ms/host), ` +
        `so ${cpus().length} CPUs cap any fan-out at about ${((cpus().length * best.sum) / 1000 / Math.max(best.cpu, 0.001)).toFixed(1)}× here`,
      ...[...best.fan].map(([c, ms]) => `fan-out, concurrency ${String(c).padStart(2)}: ${seconds(ms)} s wall  → ${(best.sum / ms).toFixed(1)}× faster than the sequential sum`),
    ];
    console.log(lines.map((l) => `  ${l}`).join('\n'));
  } finally {
    await fleet.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
