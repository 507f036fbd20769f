import type { LedgerEvent } from './event.js';
import { INCIDENT_TYPES } from '../events/vocabulary.js';
import { groupEpisodes, type Episode, type SkippedEvent } from './report-incidents.js';

export type { SkippedEvent } from './report-incidents.js';

/** The window a report covers, `[from, to)`, and the moment it is made (ends still-open incidents). */
export interface ReportWindow {
  from: Date;
  to: Date;
  now: Date;
}

/** One incident (one opened→resolved episode of it) with its figures and the events they come from. */
export interface IncidentFigures {
  incident: string;
  /** 1, or 2, 3, … for an incident re-opened after it was resolved. */
  episode: number;
  title?: string;
  opened: string;
  acknowledged?: string;
  resolved?: string;
  /** `acknowledged − opened`, when acknowledged. */
  timeToAcknowledgeMs?: number;
  /** `resolved − opened`, when resolved. */
  timeToResolveMs?: number;
  /** Down time inside the window: `[opened, resolved or end)` clipped to it. */
  downtimeMs: number;
  /** The ledger events each figure comes from; `also` set none (duplicates, superseded). */
  eventIds: { opened: string; acknowledged?: string; resolved?: string; also: string[] };
  runbookIds: string[];
  workflowIds: string[];
}

/** A mean over `n` incidents; `meanMs` is null when n is 0. */
export interface MeanFigure {
  meanMs: number | null;
  n: number;
}

/** Availability of one service over a window, each figure traceable to ledger events. */
export interface AvailabilityReport {
  service: string;
  from: string;
  to: string;
  /** Where still-open incidents stop counting: the earlier of `to` and now. */
  openUntil: string;
  windowMs: number;
  /** Union of the incidents' down intervals inside the window: overlaps count once. */
  downtimeMs: number;
  /** `100 × (1 − downtimeMs / windowMs)`: exactly 100 only with no down time in the window. */
  availabilityPercent: number;
  incidents: IncidentFigures[];
  mtta: MeanFigure;
  mttr: MeanFigure;
  skipped: SkippedEvent[];
}

const ms = (iso: string): number => Date.parse(iso);

function mean(values: number[]): MeanFigure {
  return { meanMs: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length, n: values.length };
}

/** Total length of the union of half-open intervals. */
function unionLength(intervals: [number, number][]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of sorted) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

function figures(e: Episode, from: number, to: number, openUntil: number): IncidentFigures {
  const opened = ms(e.opened.time);
  const end = e.resolved ? ms(e.resolved.time) : openUntil;
  const f: IncidentFigures = {
    incident: e.incident,
    episode: e.episode,
    opened: e.opened.time,
    downtimeMs: Math.max(0, Math.min(end, to) - Math.max(opened, from)),
    eventIds: { opened: e.opened.id, also: e.also.map((x) => x.id) },
    runbookIds: e.runbookIds,
    workflowIds: e.workflowIds,
  };
  if (e.title !== undefined) f.title = e.title;
  if (e.acknowledged) {
    f.acknowledged = e.acknowledged.time;
    f.timeToAcknowledgeMs = ms(e.acknowledged.time) - opened;
    f.eventIds.acknowledged = e.acknowledged.id;
  }
  if (e.resolved) {
    f.resolved = e.resolved.time;
    f.timeToResolveMs = ms(e.resolved.time) - opened;
    f.eventIds.resolved = e.resolved.id;
  }
  return f;
}

/**
 * Availability, incidents, MTTA and MTTR of `service` over `[from, to)`, from its
 * `incident.opened|acknowledged|resolved` events (other events and services are ignored). The
 * ledger is read as it stood at `to`: later events are left out, so a past window always gives
 * the same figures. An incident counts when it was down inside the window or opened in it;
 * still-open ones are down until the earlier of `to` and `now`. Throws RangeError when the window
 * is empty or a date is invalid.
 */
export function availabilityReport(events: readonly LedgerEvent[], service: string, window: ReportWindow): AvailabilityReport {
  const [from, to, now] = [window.from.getTime(), window.to.getTime(), window.now.getTime()];
  if (![from, to, now].every(Number.isFinite)) throw new RangeError('availabilityReport: from, to and now must be valid dates');
  if (!(from < to)) throw new RangeError(`availabilityReport: from (${window.from.toISOString()}) must be before to (${window.to.toISOString()})`);
  const openUntil = Math.min(to, now);
  const relevant = events.filter(
    (e) => e.subject.kind === 'service' && e.subject.id === service && (INCIDENT_TYPES as readonly string[]).includes(e.type) && ms(e.time) < to,
  );
  const { episodes, skipped } = groupEpisodes(relevant);
  const inWindow = episodes.filter((e) => {
    const opened = ms(e.opened.time);
    return opened >= from || !e.resolved || ms(e.resolved.time) > from;
  });
  const incidents = inWindow.map((e) => figures(e, from, to, openUntil));
  const downtimeMs = unionLength(
    inWindow.map((e) => [Math.max(ms(e.opened.time), from), Math.min(e.resolved ? ms(e.resolved.time) : openUntil, to)]),
  );
  const windowMs = to - from;
  return {
    service,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    openUntil: new Date(openUntil).toISOString(),
    windowMs,
    downtimeMs,
    availabilityPercent: (100 * (windowMs - downtimeMs)) / windowMs,
    incidents,
    mtta: mean(incidents.flatMap((i) => (i.timeToAcknowledgeMs === undefined ? [] : [i.timeToAcknowledgeMs]))),
    mttr: mean(incidents.flatMap((i) => (i.timeToResolveMs === undefined ? [] : [i.timeToResolveMs]))),
    skipped,
  };
}
