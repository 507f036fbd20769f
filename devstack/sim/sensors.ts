/** One simulated analog sensor: raw byte readings are scaled by `m` (value = raw × m). */
export interface SimSensor {
  readonly number: number;
  readonly name: string;
  /** sdrcomp base unit name. */
  readonly unit: 'degrees_C' | 'Volts' | 'Amps' | 'Watts';
  /** IPMI sensor type code and sdrcomp name. */
  readonly type: { readonly code: number; readonly name: string };
  readonly m: number;
  readonly raw: number;
  /** Upper non-critical, critical, non-recoverable thresholds as raw bytes. */
  readonly upper: readonly [number, number, number];
}

/** The sensors every simulated BMC exposes; tests assert on these values. */
export const SIM_SENSORS: readonly SimSensor[] = [
  { number: 1, name: 'Inlet Temp', unit: 'degrees_C', type: { code: 0x01, name: 'Temperature' }, m: 1, raw: 24, upper: [40, 45, 50] },
  { number: 2, name: 'CPU Temp', unit: 'degrees_C', type: { code: 0x01, name: 'Temperature' }, m: 1, raw: 45, upper: [75, 90, 105] },
  { number: 3, name: 'System Power', unit: 'Watts', type: { code: 0x0b, name: 'Current' }, m: 10, raw: 25, upper: [80, 90, 100] },
];

/** sdrcomp source for the sensors' full sensor records (type 1). */
export function sdrSource(sensors: readonly SimSensor[] = SIM_SENSORS): string {
  return sensors.map((s) => {
    const fields: [string, string | number][] = [
      ['sensor_owner_id', '0x20'], ['sensor_owner_lun', 0], ['channel_number', 0],
      ['sensor_number', s.number], ['entity_id', 'system_board'], ['entity_instance', 1],
      ['init_scanning', 'true'], ['init_events', 'true'], ['init_thresholds', 'true'],
      ['init_sensor_type', 'true'], ['default_event_gen_on', 'true'], ['default_sensor_scan_on', 'true'],
      ['sensor_auto_rearm', 'true'], ['sensor_threshold_access', 'settable'],
      ['sensor_event_msg_ctrl', 'per_state'], ['sensor_type', s.type.name], ['event_reading_type_code', 1],
      ['return_unc', 'true'], ['return_uc', 'true'], ['return_unr', 'true'],
      ['assert_uncgh', 'true'], ['assert_ucgh', 'true'], ['assert_unrgh', 'true'],
      ['unc_thrsh_settable', 'true'], ['uc_thrsh_settable', 'true'], ['unr_thrsh_settable', 'true'],
      ['analog_data_format', 'unsigned'], ['rate_unit', 'none'], ['modifier_unit', 'none'],
      ['percentage', 'false'], ['base_unit', s.unit], ['modifier_unit_code', 'unspecified'],
      ['linearization', 'linear'], ['m', s.m], ['tolerance', 0], ['b', 0], ['accuracy', 1],
      ['accuracy_exp', 0], ['sensor_direction', 'input'], ['r_exp', 0], ['b_exp', 0],
      ['sensor_maximum', 255], ['sensor_minimum', 0],
      ['unc_thresh', s.upper[0]], ['uc_thresh', s.upper[1]], ['unr_thresh', s.upper[2]],
      ['id_string', JSON.stringify(s.name)],
    ];
    return ['sdr type 1', ...fields.map(([k, v]) => `\t${k}\t${v}`), 'endsdr', ''].join('\n');
  }).join('\n');
}

/** Emulator commands that create the sensors and set their readings and thresholds. */
export function sensorCommands(sensors: readonly SimSensor[] = SIM_SENSORS): string[] {
  const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
  return sensors.flatMap((s) => [
    `sensor_add 0x20 0 ${s.number} ${hex(s.type.code)} 0x01`,
    `sensor_set_value 0x20 0 ${s.number} ${hex(s.raw)} 0`,
    // Bits 5..3 enable the upper thresholds; values are listed from bit 5 down to bit 0.
    `sensor_set_threshold 0x20 0 ${s.number} settable 111000 ${hex(s.upper[2])} ${hex(s.upper[1])} ${hex(s.upper[0])} 00 00 00`,
  ]);
}
