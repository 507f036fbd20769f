import { BmcCommandError, BmcTimeoutError, BmcUnsupportedError } from '../errors/index.js';
import { redfishFetch, type RedfishResponse, type RedfishTarget, type RequestOptions } from './http.js';
import { linkOf, memberIds, obj, parseInventory, parseSensor, parseThermal, str, type Inventory, type Resource, type ThermalReading } from './parse.js';
import { chooseResetType, expectedPowerState, type PowerAction } from './reset.js';
import { SessionAuth } from './session.js';

/** Options of `power()`: wait until the BMC reports the resulting state. */
export interface PowerOptions extends RequestOptions {
  /** Which system (an `@odata.id`); default: the first in the Systems collection. */
  readonly system?: string;
  /** Give up waiting after this many ms (default 60000); 0 returns right after the request. */
  readonly waitMs?: number;
  /** Time between PowerState reads (default 1000 ms). */
  readonly pollMs?: number;
}

/** What `power()` did: the ResetType sent and the state finally seen. */
export interface PowerResult {
  readonly resetType: string;
  readonly powerState: string | null;
}

/**
 * One BMC spoken to over Redfish. Every resource is found by following `@odata.id` links
 * from the service root (no vendor paths or system ids are assumed). Each request has a
 * timeout and honours an AbortSignal; failures are `HardwareError`s naming the host.
 */
export class RedfishClient {
  private root: Resource | undefined;
  private readonly session: SessionAuth | undefined;

  constructor(
    readonly target: RedfishTarget,
    private readonly defaults: { readonly timeoutMs?: number } = {},
  ) {
    if (!/^https?:\/\//.test(target.baseUrl)) throw new Error(`host ${target.host}: Redfish base URL must start with http:// or https://`);
    this.session = target.auth === 'session' ? new SessionAuth(target, (p, i, o) => this.send(p, i, o, {})) : undefined;
  }

  /** GETs a resource by its `@odata.id` (or any path under the base URL). */
  async get(path: string, opts: RequestOptions = {}): Promise<Resource> {
    const res = await this.request(path, {}, opts);
    return obj(res.body);
  }

  /** PATCHes a resource (e.g. `IndicatorLED` of a system) and returns the answer body, if any. */
  async patch(path: string, body: Record<string, unknown>, opts: RequestOptions = {}): Promise<Resource> {
    const res = await this.request(path, { method: 'PATCH', body }, opts);
    return obj(res.body);
  }

  /** The service root, `/redfish/v1/`, read once per client. */
  async serviceRoot(opts: RequestOptions = {}): Promise<Resource> {
    this.root ??= await this.get('/redfish/v1/', opts);
    return this.root;
  }

  /** `@odata.id`s of the members of the service root's Systems, Chassis or Managers collection. */
  async members(collection: 'Systems' | 'Chassis' | 'Managers', opts: RequestOptions = {}): Promise<string[]> {
    const link = linkOf(await this.serviceRoot(opts), collection);
    if (!link) throw new BmcUnsupportedError(this.target.host, `host ${this.target.host}: the service root has no ${collection} collection`);
    return memberIds(await this.get(link, opts));
  }

  /** The ComputerSystem resource `id`, or the first one when not given. */
  async system(id?: string, opts: RequestOptions = {}): Promise<Resource> {
    if (id) return this.get(id, opts);
    const [first] = await this.members('Systems', opts);
    if (!first) throw new BmcCommandError(this.target.host, `host ${this.target.host}: the Systems collection is empty`);
    return this.get(first, opts);
  }

  /** `PowerState` of a system (On, Off, PoweringOn, PoweringOff), or null if not reported. */
  async powerState(id?: string, opts: RequestOptions = {}): Promise<string | null> {
    return str((await this.system(id, opts))['PowerState']);
  }

  /**
   * Carries out a power action with `ComputerSystem.Reset`, choosing the ResetType from the
   * values the BMC advertises, then polls PowerState until the expected state shows.
   */
  async power(action: PowerAction, opts: PowerOptions = {}): Promise<PowerResult> {
    const system = await this.system(opts.system, opts);
    const reset = obj(obj(system['Actions'])['#ComputerSystem.Reset']);
    const targetPath = str(reset['target']);
    if (!targetPath) throw new BmcUnsupportedError(this.target.host, `host ${this.target.host}: the system offers no ComputerSystem.Reset action`);
    const allowed = await this.allowedResetTypes(reset, opts);
    const resetType = chooseResetType(action, allowed);
    if (!resetType) {
      throw new BmcUnsupportedError(this.target.host, `host ${this.target.host}: no ResetType for "${action}" among the allowed values ${allowed.join(', ')}`);
    }
    await this.request(targetPath, { method: 'POST', body: { ResetType: resetType }, action: true }, opts);
    const waitMs = opts.waitMs ?? 60_000;
    if (waitMs === 0) return { resetType, powerState: null };
    const id = str(system['@odata.id']) ?? undefined;
    const powerState = await this.waitForPower(expectedPowerState(action), id, waitMs, opts);
    return { resetType, powerState };
  }

  /** Temperatures and fans of a chassis (default: the first), from Thermal or ThermalSubsystem. */
  async thermal(chassisId?: string, opts: RequestOptions = {}): Promise<ThermalReading[]> {
    const id = chassisId ?? (await this.members('Chassis', opts))[0];
    if (!id) throw new BmcCommandError(this.target.host, `host ${this.target.host}: the Chassis collection is empty`);
    const chassis = await this.get(id, opts);
    const thermal = linkOf(chassis, 'Thermal');
    if (thermal) return parseThermal(await this.get(thermal, opts));
    const subsystem = linkOf(chassis, 'ThermalSubsystem');
    if (!subsystem) throw new BmcUnsupportedError(this.target.host, `host ${this.target.host}: chassis ${id} has neither Thermal nor ThermalSubsystem`);
    const sub = await this.get(subsystem, opts);
    const readings: ThermalReading[] = [];
    const fans = linkOf(sub, 'Fans');
    for (const fan of fans ? memberIds(await this.get(fans, opts)) : []) {
      const sensor = linkOf(await this.get(fan, opts), 'SpeedPercent', 'DataSourceUri') ?? fan;
      readings.push(parseSensor(await this.get(sensor, opts), 'fan'));
    }
    const sensors = linkOf(chassis, 'Sensors');
    for (const s of sensors ? memberIds(await this.get(sensors, opts)) : []) {
      const body = await this.get(s, opts);
      if (body['ReadingType'] === 'Temperature') readings.push(parseSensor(body, 'temperature'));
    }
    return readings;
  }

  /** Model, manufacturer, serial, BIOS version, CPU and memory summary of a system. */
  async inventory(id?: string, opts: RequestOptions = {}): Promise<Inventory> {
    const system = await this.system(id, opts);
    const chassisId = linkOf(system, 'Links', 'Chassis');
    const managerId = linkOf(system, 'Links', 'ManagedBy');
    const chassis = chassisId ? await this.get(chassisId, opts) : undefined;
    const manager = managerId ? await this.get(managerId, opts) : undefined;
    return parseInventory(system, chassis, manager);
  }

  /** Ends the login session, if session auth opened one. */
  async close(opts: RequestOptions = {}): Promise<void> {
    await this.session?.logout(opts);
  }

  /** ResetType values from the action's AllowableValues, else its ActionInfo; empty if neither. */
  private async allowedResetTypes(reset: Resource, opts: RequestOptions): Promise<string[]> {
    const inline = reset['ResetType@Redfish.AllowableValues'];
    if (Array.isArray(inline)) return inline.filter((v): v is string => typeof v === 'string');
    const info = str(reset['@Redfish.ActionInfo']);
    if (!info) return [];
    const params = obj(await this.get(info, opts))['Parameters'];
    const param = Array.isArray(params) ? params.map(obj).find((p) => p['Name'] === 'ResetType') : undefined;
    const values = param?.['AllowableValues'];
    return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  }

  private async waitForPower(want: string, id: string | undefined, waitMs: number, opts: PowerOptions): Promise<string> {
    const deadline = Date.now() + waitMs;
    let last: string | null = null;
    for (;;) {
      last = await this.powerState(id, opts);
      if (last === want) return last;
      if (Date.now() >= deadline) break;
      await sleep(Math.min(opts.pollMs ?? 1000, Math.max(0, deadline - Date.now())), opts.signal);
    }
    throw new BmcTimeoutError(this.target.host, `host ${this.target.host}: power state is still ${last ?? 'unknown'}, not ${want}, after ${waitMs} ms`);
  }

  private async request(path: string, init: Parameters<typeof redfishFetch>[2], opts: RequestOptions): Promise<RedfishResponse> {
    const headers = this.session ? await this.session.headers(opts) : { Authorization: basic(this.target) };
    return this.send(path, init, opts, headers);
  }

  private send(path: string, init: Parameters<typeof redfishFetch>[2], opts: RequestOptions, headers: Record<string, string>): Promise<RedfishResponse> {
    const timeoutMs = opts.timeoutMs ?? this.defaults.timeoutMs ?? 15_000;
    return redfishFetch(this.target, path, { ...init, headers: { ...init.headers, ...headers } }, { ...opts, timeoutMs });
  }
}

function basic(t: RedfishTarget): string {
  return `Basic ${Buffer.from(`${t.username}:${t.password.reveal()}`).toString('base64')}`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason as Error); }, { once: true });
  });
}
