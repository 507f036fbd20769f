import type { WorkflowHandle } from '@temporalio/client';

/** When one `hardwarePower` activity was scheduled and when it closed (ms since the epoch). */
export interface Interval {
  activityId: string;
  scheduled: number;
  closed: number;
}

type Timestamp = { seconds?: { toString(): string } | number | null; nanos?: number | null } | null | undefined;
const ms = (t: Timestamp): number => Number(String(t?.seconds ?? 0)) * 1000 + (t?.nanos ?? 0) / 1e6;

/** The `hardwarePower` activities of a run, from its history, in order. */
export async function powerIntervals(handle: WorkflowHandle): Promise<Interval[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const open = new Map<string, Interval>();
  const done: Interval[] = [];
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'hardwarePower') {
      open.set(String(e.eventId), { activityId: scheduled.activityId ?? '', scheduled: ms(e.eventTime), closed: Infinity });
    }
    const closed = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
    const interval = closed ? open.get(String(closed.scheduledEventId)) : undefined;
    if (interval) done.push({ ...interval, closed: ms(e.eventTime) });
  }
  return done;
}
