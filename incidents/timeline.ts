/**
 * The incident's timeline, kept bounded, and the response times read from the
 * incident's own times (no clock).
 */
import type { IncidentStatus, TimelineEntry } from './types.js';

/** How many timeline entries an incident keeps by default (its status travels in every query and in history). */
export const MAX_TIMELINE = 500;

/**
 * Appends `entry` to `status.timeline` in place, dropping the oldest entries beyond `max`
 * and counting them in `status.timelineDropped`, so `timeline.length + timelineDropped`
 * is always the number of entries ever appended.
 */
export function appendTimeline(status: IncidentStatus, entry: TimelineEntry, max: number = MAX_TIMELINE): void {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`Cannot keep a timeline of \`${max}\` entries: expected an integer of 1 or more`);
  status.timeline.push(entry);
  const excess = status.timeline.length - max;
  if (excess > 0) {
    status.timeline.splice(0, excess);
    status.timelineDropped = (status.timelineDropped ?? 0) + excess;
  }
}

/** Milliseconds from `from` to `to` (ISO 8601), when both are there and valid. */
function between(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const d = Date.parse(to) - Date.parse(from);
  return Number.isNaN(d) ? undefined : d;
}

/** Mean time to acknowledge, for one incident: `mttaMs`, else opened → acknowledged; absent until acknowledged. */
export function mtta(status: IncidentStatus): number | undefined {
  return status.mttaMs ?? between(status.openedAt, status.acknowledgedAt);
}

/** Mean time to resolve, for one incident: `mttrMs`, else opened → resolved; absent until resolved. */
export function mttr(status: IncidentStatus): number | undefined {
  return status.mttrMs ?? between(status.openedAt, status.resolvedAt);
}
