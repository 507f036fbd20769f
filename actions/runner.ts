/**
 * What runs an action: an activity the ops worker registers, or a durable timer in
 * the workflow. The activity names live here, below both the catalogue and the
 * activity layer; `activities/index.ts` checks that `createActivities` registers
 * exactly these names, so `ActivityName` is `keyof` the activities object.
 */
export const ACTIVITY_NAMES = [
  'log',
  'httpRequest',
  'ledgerRecord',
  'hardwarePower',
  'hardwareSensors',
  'hardwareEvents',
  'hardwareInventory',
  'hardwareIdentify',
  'requestHostLock',
  'replicaPrintHost',
  'approvalDirectory',
] as const;

/** The type name of an activity the ops worker registers. */
export type ActivityName = (typeof ACTIVITY_NAMES)[number];

export type Runner = { kind: 'activity'; activity: ActivityName } | { kind: 'timer' };

/** True for an activity name the ops worker registers. */
export const isActivityName = (name: string): name is ActivityName => (ACTIVITY_NAMES as readonly string[]).includes(name);
