/**
 * Fleet fan-out: the status of every inventory host (or one rack's), queried in parallel with
 * bounded concurrency. One bad host never fails the call: its row carries a classified error.
 */
import { CredentialsError } from './credentials.js';
import { HardwareError } from './errors/index.js';
import { hostClient, worstHealth, type Health, type HostPowerState, type HostSensor } from './host-client.js';
import type { Host, Inventory } from './inventory.js';
import { mapPool } from './pool.js';

/** Why a host's row failed: a `HardwareError` kind, `credentials`, or `internal` (a bug; see message). */
export type FleetErrorKind = HardwareError['kind'] | 'credentials' | 'internal';

/** The classified failure of one host; `message` never holds a password. */
export interface FleetError {
  readonly kind: FleetErrorKind;
  /** Error class name, e.g. `BmcUnreachableError`. */
  readonly name: string;
  readonly message: string;
  readonly retryable: boolean;
}

/** One host's status row. */
export interface FleetRow {
  readonly host: string;
  readonly rack: string;
  readonly position: number;
  readonly protocol: Host['bmc']['protocol'];
  /** BMC `address[:port]`. */
  readonly bmc: string;
  readonly ok: boolean;
  readonly power?: HostPowerState;
  readonly health?: Health;
  /** Short text: sensor count, or the worst readings when not ok. */
  readonly summary?: string;
  readonly error?: FleetError;
  /** Time this host took, ms. */
  readonly ms: number;
}

export interface FleetStatusOptions {
  /** Only hosts in this rack. */
  readonly rack?: string;
  /** Most hosts queried at once (config `hardware.concurrency`, default 16). */
  readonly concurrency?: number;
  /** Per-request timeout, ms. */
  readonly timeoutMs?: number;
  /** Give up sooner on a BMC that does not answer at all, ms (see `HostCallOptions`). */
  readonly connectTimeoutMs?: number;
  /** Where credential references are looked up (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Called as each host finishes (for progress output). */
  readonly onResult?: (row: FleetRow, done: number, total: number) => void;
}

/** Hosts of the inventory (optionally one rack), sorted by rack, position, name. */
export function selectHosts(inventory: Inventory, rack?: string): Host[] {
  return [...inventory.hosts.values()]
    .filter((h) => rack === undefined || h.rack === rack)
    .sort((a, b) => a.rack.localeCompare(b.rack) || a.position - b.position || a.name.localeCompare(b.name));
}

/** Queries power and sensors of every selected host; resolves with one row per host, never rejects for a host. */
export async function fleetStatus(inventory: Inventory, options: FleetStatusOptions = {}): Promise<FleetRow[]> {
  const hosts = selectHosts(inventory, options.rack);
  let done = 0;
  return mapPool(hosts, options.concurrency ?? 16, async (host) => {
    const row = await hostStatus(host, options);
    options.onResult?.(row, ++done, hosts.length);
    return row;
  });
}

/** Status of one host as a row; failures become `error`. */
export async function hostStatus(host: Host, options: Omit<FleetStatusOptions, 'rack' | 'concurrency' | 'onResult'> = {}): Promise<FleetRow> {
  const started = Date.now();
  const base = {
    host: host.name, rack: host.rack, position: host.position, protocol: host.bmc.protocol,
    bmc: host.bmc.port === undefined ? host.bmc.address : `${host.bmc.address}:${host.bmc.port}`,
  };
  const call = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  try {
    const client = hostClient(host, options.env ? { env: options.env } : {});
    const power = await client.powerStatus(call);
    const sensors = await client.sensors(call);
    const health = worstHealth(sensors.map((s) => s.health));
    return { ...base, ok: true, power, health, summary: summarize(sensors, health), ms: Date.now() - started };
  } catch (err) {
    return { ...base, ok: false, error: classify(err), ms: Date.now() - started };
  }
}

function summarize(sensors: readonly HostSensor[], health: Health): string {
  if (sensors.length === 0) return 'no sensors';
  if (health === 'ok') return `${sensors.length} sensors ok`;
  const bad = sensors.filter((s) => s.health === health).map((s) => `${s.name} ${s.value ?? s.status}${s.value === null ? '' : ` ${s.unit}`}`);
  return bad.slice(0, 3).join(', ') + (bad.length > 3 ? `, +${bad.length - 3} more` : '');
}

/**
 * True when the host's BMC said something: a status, or a refusal (wrong password, unsupported
 * command). False when it was silent or unreachable, or was never asked (no credentials here).
 */
export function answered(row: FleetRow): boolean {
  if (row.ok) return true;
  const kind = row.error?.kind;
  return kind === 'authentication' || kind === 'command' || kind === 'unsupported';
}

/** Turns any failure into a `FleetError`. */
export function classify(err: unknown): FleetError {
  if (err instanceof HardwareError) return { kind: err.kind, name: err.name, message: err.message, retryable: err.retryable };
  if (err instanceof CredentialsError) return { kind: 'credentials', name: err.name, message: err.message, retryable: false };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'internal', name: e.name, message: e.message, retryable: false };
}
