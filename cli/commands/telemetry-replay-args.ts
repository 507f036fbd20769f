/**
 * The arguments of `swaybot telemetry replay`: the speed, row counts, the metric name and tags
 * (defaults derived from the file name), and where to send: `--to`, else the running stack's
 * telemetry daemon (`telemetry.udp` of `<stateDir>/stack.json`), else 127.0.0.1:`telemetry.port`.
 * Every bad value is a usage error (exit 2) that says what was expected.
 */
import { lookup } from 'node:dns/promises';
import { runningStack } from '../../devstack/stack-file.js';
import { CliError } from '../errors.js';

/** `1000x`, `1000` or `max`. */
export function parseSpeed(text: string): number | 'max' {
  if (text.trim().toLowerCase() === 'max') return 'max';
  const m = /^\s*(\d+(?:\.\d+)?)\s*x?\s*$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0)) throw new CliError(`Unexpected --speed \`${text}\`, expected a multiple of real time such as 1000x, or max`, 2);
  return n;
}

/** A whole number ≥ `min` given as option `flag`. */
export function parseWhole(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min) throw new CliError(`Unexpected ${flag} \`${text}\`, expected a whole number, ${min} or more`, 2);
  return n;
}

const NAME = /^[A-Za-z0-9_.-]{1,250}$/;

/** The default metric: `nab.<file name>` (`machine_temperature_system_failure.csv` → `nab.machine_temperature_system_failure`). */
export function defaultMetricName(stem: string): string {
  return `nab.${stem.replace(/[^A-Za-z0-9_.-]/g, '_')}`.slice(0, 250);
}

/** The default `service` tag: the file name in kebab case (`machine-temperature-system-failure`). */
export function defaultService(stem: string): string {
  return (
    stem
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'replay'
  );
}

export function checkMetricName(name: string): string {
  if (!NAME.test(name)) throw new CliError(`Unexpected --name \`${name}\`, expected a StatsD name of letters, digits, _ . - (up to 250)`, 2);
  return name;
}

/** `k=v` pairs as DogStatsD tags; keys and values without spaces, `,`, `|` or `#` (a key without `:` either). */
export function parseTags(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    const value = pair.slice(eq + 1);
    if (eq <= 0 || /[\s,|#:]/.test(key) || /[\s,|#]/.test(value)) {
      throw new CliError(`Unexpected --tag \`${pair}\`, expected key=value without spaces, commas, | or # (e.g. --tag host=machine-1)`, 2);
    }
    if (Object.hasOwn(tags, key)) throw new CliError(`Unexpected second --tag ${key}, expected each tag once`, 2);
    tags[key] = value;
  }
  return tags;
}

/** Where the points go, resolved to an IP address, and where to look afterwards. */
export interface Destination {
  /** As shown: `udp://127.0.0.1:8125`. */
  url: string;
  /** Why this one: `--to`, the running stack, or the config. */
  source: string;
  address: string;
  port: number;
  family: 4 | 6;
  /** The daemon's /metrics, when known. */
  metrics?: string;
}

/** `--to`, else the running stack's daemon, else the configured port on 127.0.0.1. */
export async function resolveDestination(to: string | undefined, env: NodeJS.ProcessEnv): Promise<Destination> {
  const { cliConfig } = await import('../connect.js');
  const config = cliConfig(env);
  const stack = runningStack(config.stateDir);
  const configured = config.telemetry.metricsPort > 0 ? `http://127.0.0.1:${config.telemetry.metricsPort}/metrics` : undefined;
  const metrics = stack?.telemetry?.metrics ?? configured;
  let url: string;
  let source: string;
  if (to !== undefined) [url, source] = [to, '--to'];
  else if (stack?.telemetry) [url, source] = [stack.telemetry.udp, `the running stack's telemetry daemon, from ${config.stateDir}/stack.json`];
  else if (config.telemetry.port > 0) [url, source] = [`udp://127.0.0.1:${config.telemetry.port}`, 'telemetry.port of the config; no `swaybot up` runs on this state folder'];
  else throw new CliError(`No telemetry daemon to send to: telemetry.port is 0 (any free port) and no \`swaybot up\` runs on ${config.stateDir}; start one or pass --to udp://host:port`, 2);
  const parsed = parseUdp(url);
  let resolved: { address: string; family: number };
  try {
    resolved = await lookup(parsed.host);
  } catch {
    throw new CliError(`Unknown host \`${parsed.host}\` in ${url}`, 2);
  }
  return { url: parsed.url, source, address: resolved.address, port: parsed.port, family: resolved.family === 6 ? 6 : 4, ...(metrics ? { metrics } : {}) };
}

/** `udp://host:port` (or `host:port`) as its parts; IPv6 hosts in brackets. */
function parseUdp(text: string): { url: string; host: string; port: number } {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `udp://${text}`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const port = Number(parsed?.port);
  if (!parsed || parsed.protocol !== 'udp:' || !parsed.hostname || !(port >= 1 && port <= 65535)) {
    throw new CliError(`Unexpected --to \`${text}\`, expected udp://host:port such as udp://127.0.0.1:8125 or udp://[::1]:8125`, 2);
  }
  return { url: `udp://${parsed.host}`, host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}
