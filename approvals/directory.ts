/**
 * The approver directory a run checks decisions against: groups, each person's public keys,
 * the keys of swaybot's own services that vouch for people (the Slack app), and the identity
 * rule. Workers build it from their configuration (activities/directory.ts); runs never take
 * it from whoever starts them. Pure.
 */

export type IdentityRule = 'signed' | 'asserted';

export interface ApprovalDirectory {
  /** `signed`: a decision counts only when signed; `asserted`: `by` is believed as sent (the demo). */
  identity: IdentityRule;
  /** Group → member ids. */
  groups: Record<string, string[]>;
  /** Person id → public key lines (`ssh-ed25519 AAAA… comment`) that sign for them. */
  keys: Record<string, string[]>;
  /** Keys of swaybot's own services, which sign for the people they authenticated themselves. */
  services: { slack: string[] };
  /** How far a signed time may be from workflow time, in milliseconds. */
  maxSkewMs: number;
}

/** What a worker's configuration says (config/schema.ts `groups` and `approvals`). */
export interface DirectorySettings {
  groups: Record<string, string[]>;
  approvals: { identity: IdentityRule; maxSkewMs: number; people: Record<string, { keys: string[] }> };
}

/** The directory of `settings`, with the public keys of the services this worker runs. */
export function directoryOf(settings: DirectorySettings, services: { slack?: string[] } = {}): ApprovalDirectory {
  const keys = Object.fromEntries(Object.entries(settings.approvals.people).map(([person, p]) => [person, [...p.keys]]));
  const groups = Object.fromEntries(Object.entries(settings.groups).map(([group, members]) => [group, [...members]]));
  return { identity: settings.approvals.identity, groups, keys, services: { slack: [...(services.slack ?? [])] }, maxSkewMs: settings.approvals.maxSkewMs };
}

/**
 * The directory of a run that started before directories came from the worker: the snapshot its
 * starter passed, with `by` believed as it always was.
 */
export function legacyDirectory(groups: Record<string, string[]> | undefined): ApprovalDirectory {
  return { identity: 'asserted', groups: groups ?? {}, keys: {}, services: { slack: [] }, maxSkewMs: 0 };
}

/** The members of `groups` in `directory`, each once. */
export function membersOf(directory: ApprovalDirectory, groups: readonly string[]): string[] {
  return [...new Set(groups.flatMap((g) => (Object.hasOwn(directory.groups, g) ? directory.groups[g]! : [])))];
}
