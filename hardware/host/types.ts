/** Power as a host reports it; Redfish BMCs may report the transitions, IPMI only on/off. */
export type HostPowerState = 'on' | 'off' | 'powering-on' | 'powering-off';

/** What `setPower` asks for: `soft` is an orderly (ACPI) shutdown, `cycle` off-then-on, `reset` a warm restart. */
export type HostPowerAction = 'on' | 'off' | 'cycle' | 'reset' | 'soft';

/** Rolled-up health of a reading or a host. */
export type Health = 'ok' | 'warning' | 'critical' | 'unknown';

/** One sensor reading, the same shape for IPMI `sensor` rows and Redfish Thermal readings. */
export interface HostSensor {
  readonly name: string;
  /** Numeric reading, null when the BMC has none (`na`, discrete sensors). */
  readonly value: number | null;
  /** Unit as the BMC states it, e.g. `degrees C`, `Watts`, `Cel`, `RPM`. */
  readonly unit: string;
  /** The BMC's own status word (IPMI ok/nc/cr/nr/ns; Redfish OK/Warning/Critical). */
  readonly status: string;
  readonly health: Health;
}

/** One entry of the BMC's event log (IPMI SEL; Redfish LogServices entries). */
export interface HostEvent {
  /** The BMC's id for the entry (IPMI SEL ids as hex, e.g. `0x0001`). */
  readonly id: string;
  /** When the BMC logged it, as the BMC wrote it; null if not given. */
  readonly time: string | null;
  readonly message: string;
  /** Redfish `Severity` (OK/Warning/Critical); null for IPMI, which has none. */
  readonly severity: string | null;
}

/** What the hardware is; any field the BMC does not tell is null. */
export interface HostInventory {
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly serialNumber: string | null;
  readonly biosVersion: string | null;
  readonly bmcFirmware: string | null;
}

/** What `setPower` sent: the protocol's own command (`chassis power off`, ResetType `ForceOff`). */
export interface SetPowerResult {
  readonly action: HostPowerAction;
  readonly sent: string;
}

/** Per-call limits, passed to the protocol client. */
export interface HostCallOptions {
  /** Per request (one ipmitool run / one HTTP request) timeout in ms; default the client's, 15000. */
  readonly timeoutMs?: number;
  /** Aborting cancels the call (activity cancellation). */
  readonly signal?: AbortSignal;
  /**
   * Give up sooner on a BMC that does not answer at all (status reads): ipmitool's session
   * timeout, Redfish's TCP connect timeout. Unset: the protocol's defaults (about 6 s / 10 s).
   */
  readonly connectTimeoutMs?: number;
}

/**
 * One host's BMC, whatever its protocol. Every method resolves credentials when called, talks
 * to the BMC once (a few requests for Redfish discovery) and throws a `HardwareError` subclass
 * (`retryable` tells whether to try again) or `CredentialsError`; messages never hold a password.
 */
export interface HostClient {
  /** Inventory name. */
  readonly host: string;
  readonly protocol: 'ipmi' | 'redfish';
  powerStatus(opts?: HostCallOptions): Promise<HostPowerState>;
  /** Sends the power request and returns without waiting: poll `powerStatus()` for the result. */
  setPower(action: HostPowerAction, opts?: HostCallOptions): Promise<SetPowerResult>;
  sensors(opts?: HostCallOptions): Promise<HostSensor[]>;
  /** Event log entries, oldest first as the BMC lists them. */
  events(opts?: HostCallOptions): Promise<HostEvent[]>;
  inventory(opts?: HostCallOptions): Promise<HostInventory>;
  /** Turns the chassis identify light on (until turned off) or off. */
  identify(state?: 'on' | 'off', opts?: HostCallOptions): Promise<void>;
}
