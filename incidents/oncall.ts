/**
 * Who is on call: a rotation's members take turns, one shift each, from the
 * rotation's start; overrides cover chosen windows. UTC arithmetic on given
 * instants only, so the incident workflow can ask it and replay the same answer.
 */
import { instantMs } from './time.js';
import type { Rotation } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long one shift lasts. Fixed lengths in UTC: there is no daylight saving to skip. */
export const SHIFT_MS: Readonly<Record<Rotation['handoff'], number>> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/**
 * Who is on call at `at`: the user of the last listed override whose `[from, to)` contains
 * it, else the member whose shift it falls in. Shifts run back before `start` in the same
 * order (the member before the first one covers the shift just before `start`).
 * Throws when the rotation has no members or a time is not ISO 8601 (config has checked both).
 */
export function onCallAt(rotation: Rotation, at: string | Date): string {
  const t = instantMs(at, 'on-call time');
  for (let i = rotation.overrides.length - 1; i >= 0; i--) {
    const o = rotation.overrides[i]!;
    if (instantMs(o.from, 'override `from`') <= t && t < instantMs(o.to, 'override `to`')) return o.user;
  }
  const n = rotation.members.length;
  if (n === 0) throw new RangeError('A rotation needs at least one member');
  const length = SHIFT_MS[rotation.handoff] as number | undefined;
  if (length === undefined) throw new RangeError(`Unexpected handoff \`${String(rotation.handoff)}\`, expected \`daily\` or \`weekly\``);
  const shift = Math.floor((t - instantMs(rotation.start, 'rotation `start`')) / length);
  return rotation.members[((shift % n) + n) % n]!;
}
