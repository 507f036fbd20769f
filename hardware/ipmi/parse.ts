/** One row of `ipmitool sensor`: thresholds are null where the BMC reports `na`. */
export interface SensorReading {
  readonly name: string;
  /** Numeric reading, or null for `na` and discrete sensors (see `raw`). */
  readonly value: number | null;
  readonly raw: string;
  readonly unit: string;
  /** ok, nc (non-critical), cr (critical), nr (non-recoverable), ns (no reading), or a discrete state. */
  readonly status: string;
  readonly thresholds: {
    readonly lowerNonRecoverable: number | null;
    readonly lowerCritical: number | null;
    readonly lowerNonCritical: number | null;
    readonly upperNonCritical: number | null;
    readonly upperCritical: number | null;
    readonly upperNonRecoverable: number | null;
  };
}

/** One System Event Log entry from `ipmitool sel list`. */
export interface SelEntry {
  readonly id: number;
  readonly date: string;
  readonly time: string;
  readonly sensor: string;
  readonly event: string;
  readonly direction: string;
}

/** One FRU device from `ipmitool fru print`: its description and `Key: value` fields. */
export interface FruDevice {
  readonly description: string;
  readonly fields: Readonly<Record<string, string>>;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined) return null;
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isFinite(n) ? n : null;
};

/** Parses the pipe-separated table of `ipmitool sensor` (10 columns). */
export function parseSensors(text: string): SensorReading[] {
  const out: SensorReading[] = [];
  for (const line of text.split('\n')) {
    const cols = line.split('|').map((c) => c.trim());
    if (cols.length < 10 || !cols[0]) continue;
    const [name, raw = '', unit = '', status = '', lnr, lcr, lnc, unc, ucr, unr] = cols;
    out.push({
      name, raw, unit, status,
      value: unit === 'discrete' ? null : num(raw),
      thresholds: {
        lowerNonRecoverable: num(lnr), lowerCritical: num(lcr), lowerNonCritical: num(lnc),
        upperNonCritical: num(unc), upperCritical: num(ucr), upperNonRecoverable: num(unr),
      },
    });
  }
  return out;
}

/** Parses `ipmitool sel list`; "SEL has no entries" gives an empty list. */
export function parseSel(text: string): SelEntry[] {
  const out: SelEntry[] = [];
  for (const line of text.split('\n')) {
    const cols = line.split('|').map((c) => c.trim());
    if (cols.length < 5) continue;
    const id = Number.parseInt(cols[0] ?? '', 16);
    if (!Number.isFinite(id)) continue;
    out.push({ id, date: cols[1] ?? '', time: cols[2] ?? '', sensor: cols[3] ?? '', event: cols[4] ?? '', direction: cols[5] ?? '' });
  }
  return out;
}

/** Parses `Key : value` lines (chassis status and similar) into a record. */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i).trim();
    if (key) out[key] = line.slice(i + 1).trim();
  }
  return out;
}

/** Parses `ipmitool fru print`: a new device starts at each "FRU Device Description" line. */
export function parseFru(text: string): FruDevice[] {
  const devices: { description: string; fields: Record<string, string> }[] = [];
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (key === 'FRU Device Description') devices.push({ description: value, fields: {} });
    else if (devices.length > 0) devices[devices.length - 1]!.fields[key] = value;
  }
  return devices;
}
