import { incidentEventType } from '../events/vocabulary.js';
import type { LedgerEvent } from './event.js';

/** An incident event the report could not use, and why; reported, never silently dropped. */
export interface SkippedEvent {
  eventId: string;
  type: string;
  time: string;
  reason: string;
}

/**
 * One opened→resolved stretch of an incident. An incident resolved and later re-opened has one
 * episode per opening; each is counted as an incident of its own in the figures.
 */
export interface Episode {
  incident: string;
  /** 1 for the first opening, 2 after a re-open, … */
  episode: number;
  opened: LedgerEvent;
  acknowledged?: LedgerEvent;
  resolved?: LedgerEvent;
  /** Further events of this episode that set no figure (a second run's `opened`, a later ack). */
  also: LedgerEvent[];
  title?: string;
  runbookIds: string[];
  workflowIds: string[];
}

const ms = (e: LedgerEvent): number => Date.parse(e.time);

/** The incident id from the payload, or why there is none. */
function incidentOf(event: LedgerEvent): string | { reason: string } {
  const payload = event.payload;
  if (payload === undefined) return { reason: 'payload kept off-ledger: no incident id to group by' };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { reason: 'payload is not an object' };
  const incident = (payload as Record<string, unknown>)['incident'];
  if (typeof incident !== 'string' || incident === '') return { reason: 'payload.incident is missing or not a non-empty string' };
  return incident;
}

function noteDetails(episode: Episode, event: LedgerEvent): void {
  const p = event.payload as Record<string, unknown>;
  if (typeof p['title'] === 'string' && episode.title === undefined) episode.title = p['title'];
  for (const [key, list] of [['runbookId', episode.runbookIds], ['workflowId', episode.workflowIds]] as const) {
    const value = p[key];
    if (typeof value === 'string' && !list.includes(value)) list.push(value);
  }
}

/**
 * Groups incident events by `payload.incident` into episodes. Several runs may write events for
 * one incident, so within an episode the earliest `opened` and the earliest `acknowledged` count
 * and the latest `resolved` counts. An `opened` after the episode was resolved starts a new
 * episode (a re-open). An acknowledgement or resolution with no earlier `opened` is skipped
 * with its reason, as is an event whose payload names no incident.
 */
export function groupEpisodes(events: readonly LedgerEvent[]): { episodes: Episode[]; skipped: SkippedEvent[] } {
  const skipped: SkippedEvent[] = [];
  const byIncident = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const incident = incidentOf(event);
    if (typeof incident !== 'string') {
      skipped.push({ eventId: event.id, type: event.type, time: event.time, reason: incident.reason });
      continue;
    }
    const list = byIncident.get(incident) ?? [];
    list.push(event);
    byIncident.set(incident, list);
  }
  const episodes: Episode[] = [];
  for (const [incident, list] of byIncident) {
    // Stable sort: events of equal time keep the ledger's commit order.
    const sorted = [...list].sort((a, b) => ms(a) - ms(b));
    let current: Episode | undefined;
    for (const event of sorted) {
      // A reopened incident is down again: a new episode, like a fresh `opened`.
      if (event.type === incidentEventType('opened') || (event.type === incidentEventType('reopened') && current?.resolved !== undefined)) {
        if (current && current.resolved === undefined) current.also.push(event);
        else {
          current = { incident, episode: (current?.episode ?? 0) + 1, opened: event, also: [], runbookIds: [], workflowIds: [] };
          episodes.push(current);
        }
      } else if (!current) {
        skipped.push({ eventId: event.id, type: event.type, time: event.time, reason: `${event.type.split('.')[1]} before incident \`${incident}\` was opened` });
        continue;
      } else if (event.type === incidentEventType('escalated') || event.type === incidentEventType('reopened')) {
        current.also.push(event);
      } else if (event.type === incidentEventType('acknowledged')) {
        if (current.acknowledged === undefined && current.resolved === undefined) current.acknowledged = event;
        else current.also.push(event);
      } else {
        // Latest resolution wins; the one it replaces stays traceable.
        if (current.resolved) current.also.push(current.resolved);
        current.resolved = event;
      }
      noteDetails(current, event);
    }
  }
  episodes.sort((a, b) => ms(a.opened) - ms(b.opened) || a.incident.localeCompare(b.incident));
  return { episodes, skipped };
}
