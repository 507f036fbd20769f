import { BmcCommandError } from '../errors/index.js';
import { scrub, Secret } from '../secret.js';
import { classifyIpmiFailure, isSessionFailure } from './classify.js';
import { runIpmitool, type CallOptions, type IpmiTarget } from './ipmitool.js';
import { parseFru, parseKeyValues, parseSel, parseSensors, type FruDevice, type SelEntry, type SensorReading } from './parse.js';

export type PowerState = 'on' | 'off';
export type PowerAction = 'on' | 'off' | 'cycle' | 'reset' | 'soft';
export type BootDevice = 'none' | 'pxe' | 'disk' | 'safe' | 'diag' | 'cdrom' | 'bios' | 'floppy';

/** `ipmitool chassis status`, with the power state pulled out. */
export interface ChassisStatus {
  readonly power: PowerState;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * One BMC spoken to through `ipmitool -I lanplus`. Every method runs one ipmitool
 * process with a per-call timeout and honours an AbortSignal (activity cancellation);
 * failures throw a `HardwareError` subclass naming the host and never the password.
 */
export class IpmiClient {
  constructor(
    readonly target: IpmiTarget,
    private readonly defaults: { readonly timeoutMs?: number } = {},
  ) {}

  /** Reads whether the chassis power is on or off. */
  async powerStatus(opts?: CallOptions): Promise<PowerState> {
    const out = await this.call(['chassis', 'power', 'status'], opts);
    const m = /Chassis Power is (on|off)/i.exec(out);
    if (!m?.[1]) throw new BmcCommandError(this.target.host, `host ${this.target.host}: unexpected power status output: ${out.trim()}`);
    return m[1].toLowerCase() as PowerState;
  }

  /** Sends a power command; `soft` asks the OS for an orderly (ACPI) shutdown. */
  async power(action: PowerAction, opts?: CallOptions): Promise<void> {
    await this.call(['chassis', 'power', action], opts);
  }

  async chassisStatus(opts?: CallOptions): Promise<ChassisStatus> {
    const fields = parseKeyValues(await this.call(['chassis', 'status'], opts));
    return { power: /^on$/i.test(fields['System Power'] ?? '') ? 'on' : 'off', fields };
  }

  /** Blinks the chassis identify light for `seconds` (0 turns it off), or until turned off with `force`. */
  async identify(seconds: number | 'force' = 15, opts?: CallOptions): Promise<void> {
    if (seconds !== 'force' && (!Number.isInteger(seconds) || seconds < 0 || seconds > 255)) {
      throw new RangeError(`identify interval must be 0-255 seconds or "force", got ${seconds}`);
    }
    await this.call(['chassis', 'identify', String(seconds)], opts);
  }

  /** Sets the device for the next boot (or every boot with `persistent`). */
  async setBootDevice(device: BootDevice, options: { persistent?: boolean } & CallOptions = {}): Promise<void> {
    await this.call(['chassis', 'bootdev', device, ...(options.persistent ? ['options=persistent'] : [])], options);
  }

  /** Reads the boot device selector back (boot parameter 5), e.g. "Force PXE". */
  async bootDevice(opts?: CallOptions): Promise<string> {
    const fields = parseKeyValues(await this.call(['chassis', 'bootparam', 'get', '5'], opts));
    return (fields['- Boot Device Selector'] ?? fields['Boot Device Selector'] ?? 'unknown').trim();
  }

  async selList(opts?: CallOptions): Promise<SelEntry[]> {
    return parseSel(await this.call(['sel', 'list'], opts));
  }

  async selClear(opts?: CallOptions): Promise<void> {
    await this.call(['sel', 'clear'], opts);
  }

  async sensors(opts?: CallOptions): Promise<SensorReading[]> {
    return parseSensors(await this.call(['sensor'], opts));
  }

  async fru(opts?: CallOptions): Promise<FruDevice[]> {
    return parseFru(await this.call(['fru', 'print'], opts));
  }

  /** Sends a raw request (netfn, command, data bytes) and returns the response bytes. */
  async raw(bytes: readonly number[], opts?: CallOptions): Promise<number[]> {
    if (bytes.length < 2 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
      throw new RangeError('raw needs a netfn and a command byte, each 0-255');
    }
    const out = await this.call(['raw', ...bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`)], opts);
    return out.split(/\s+/).filter(Boolean).map((h) => Number.parseInt(h, 16));
  }

  /** Runs one command; on failure, classifies it (with a verbose read-only probe when no session opened). */
  private async call(command: readonly string[], opts: CallOptions = {}): Promise<string> {
    const timeoutMs = opts.timeoutMs ?? this.defaults.timeoutMs ?? 15_000;
    const callOpts = { ...opts, timeoutMs };
    const result = await this.spawn(command, callOpts);
    if (result.ended === 'exit' && result.code === 0) return result.stdout;
    const secret = this.target.password instanceof Secret ? this.target.password : undefined;
    let diagnosis = '';
    if (result.ended === 'exit' && isSessionFailure(result.stderr)) {
      // ipmitool prints the same line for a wrong password and a dead BMC; -v tells them apart.
      const probe = await this.spawn(['chassis', 'power', 'status'], { ...callOpts, verbose: true });
      diagnosis = probe.stderr;
    }
    const where = `${this.target.address}:${this.target.port}`;
    const outcome = { ...result, stderr: scrub(result.stderr, secret) };
    throw classifyIpmiFailure(this.target.host, where, outcome, scrub(diagnosis, secret), timeoutMs);
  }

  private async spawn(command: readonly string[], opts: CallOptions) {
    try {
      return await runIpmitool(this.target, command, opts);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error('ipmitool is not installed: run `npm run bootstrap` or `sudo apt-get install -y ipmitool`');
      throw err;
    }
  }
}
