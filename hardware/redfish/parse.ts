/** A Redfish resource body as plain JSON. */
export type Resource = Readonly<Record<string, unknown>>;

/** One temperature or fan reading. Missing thresholds are null, as in the IPMI sensor list. */
export interface ThermalReading {
  readonly kind: 'temperature' | 'fan';
  readonly name: string;
  readonly reading: number | null;
  readonly units: string;
  /** `Status.Health` (OK, Warning, Critical) or `Status.State` when no health is given. */
  readonly status: string;
  readonly thresholds: {
    readonly lowerCritical: number | null;
    readonly lowerNonCritical: number | null;
    readonly lowerFatal: number | null;
    readonly upperNonCritical: number | null;
    readonly upperCritical: number | null;
    readonly upperFatal: number | null;
  };
}

/** What a server is: from the ComputerSystem, its chassis and its manager. */
export interface Inventory {
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly serialNumber: string | null;
  readonly biosVersion: string | null;
  readonly processors: { readonly count: number | null; readonly model: string | null; readonly health: string | null };
  readonly memory: { readonly totalGiB: number | null; readonly health: string | null };
  readonly powerState: string | null;
  readonly bmcFirmware: string | null;
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Resource => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Resource) : {});

function statusOf(item: Resource): string {
  const s = obj(item['Status']);
  return str(s['Health']) ?? str(s['State']) ?? 'unknown';
}

/** Parses a (deprecated but widespread) `Chassis/{id}/Thermal` resource. */
export function parseThermal(thermal: Resource): ThermalReading[] {
  const list = (key: string): Resource[] => (Array.isArray(thermal[key]) ? (thermal[key] as unknown[]).map(obj) : []);
  const temps = list('Temperatures').map((t): ThermalReading => ({
    kind: 'temperature',
    name: str(t['Name']) ?? str(t['MemberId']) ?? 'temperature',
    reading: num(t['ReadingCelsius']),
    units: 'Cel',
    status: statusOf(t),
    thresholds: thresholds(t),
  }));
  const fans = list('Fans').map((f): ThermalReading => ({
    kind: 'fan',
    name: str(f['Name']) ?? str(f['FanName']) ?? str(f['MemberId']) ?? 'fan',
    reading: num(f['Reading']),
    units: str(f['ReadingUnits']) ?? 'RPM',
    status: statusOf(f),
    thresholds: thresholds(f),
  }));
  return [...temps, ...fans];
}

/** Parses one `Sensor` resource linked from `ThermalSubsystem` (newer BMCs). */
export function parseSensor(sensor: Resource, kind: ThermalReading['kind']): ThermalReading {
  const t = obj(sensor['Thresholds']);
  const at = (k: string) => num(obj(t[k])['Reading']);
  return {
    kind,
    name: str(sensor['Name']) ?? str(sensor['Id']) ?? kind,
    reading: num(sensor['Reading']),
    units: str(sensor['ReadingUnits']) ?? (kind === 'fan' ? 'RPM' : 'Cel'),
    status: statusOf(sensor),
    thresholds: {
      lowerCritical: at('LowerCritical'), lowerNonCritical: at('LowerCaution'), lowerFatal: at('LowerFatal'),
      upperNonCritical: at('UpperCaution'), upperCritical: at('UpperCritical'), upperFatal: at('UpperFatal'),
    },
  };
}

function thresholds(r: Resource): ThermalReading['thresholds'] {
  return {
    lowerCritical: num(r['LowerThresholdCritical']), lowerNonCritical: num(r['LowerThresholdNonCritical']),
    lowerFatal: num(r['LowerThresholdFatal']), upperNonCritical: num(r['UpperThresholdNonCritical']),
    upperCritical: num(r['UpperThresholdCritical']), upperFatal: num(r['UpperThresholdFatal']),
  };
}

/** Builds the inventory from a ComputerSystem plus (optional) Chassis and Manager resources. */
export function parseInventory(system: Resource, chassis: Resource | undefined, manager: Resource | undefined): Inventory {
  const cpu = obj(system['ProcessorSummary']);
  const mem = obj(system['MemorySummary']);
  const health = (r: Resource) => str(obj(r['Status'])['Health']);
  return {
    manufacturer: str(system['Manufacturer']) ?? str(chassis?.['Manufacturer']),
    model: str(system['Model']) ?? str(chassis?.['Model']),
    serialNumber: str(system['SerialNumber']) ?? str(chassis?.['SerialNumber']),
    biosVersion: str(system['BiosVersion']),
    processors: { count: num(cpu['Count']), model: str(cpu['Model']), health: health(cpu) },
    memory: { totalGiB: num(mem['TotalSystemMemoryGiB']), health: health(mem) },
    powerState: str(system['PowerState']),
    bmcFirmware: str(manager?.['FirmwareVersion']),
  };
}

/** `@odata.id` of each member of a collection body. */
export function memberIds(collection: Resource): string[] {
  const members = Array.isArray(collection['Members']) ? (collection['Members'] as unknown[]) : [];
  return members.map((m) => str(obj(m)['@odata.id'])).filter((id): id is string => id !== null);
}

/** `@odata.id` at `resource[key]` (a link object), or null. */
export function linkOf(resource: Resource, ...path: string[]): string | null {
  let cur: unknown = resource;
  for (const key of path) cur = obj(cur)[key];
  if (Array.isArray(cur)) cur = cur[0];
  return str(obj(cur)['@odata.id']);
}

export { obj };
