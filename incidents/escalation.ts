/**
 * Escalation as data: the ladder of tiers (with repeats) the incident workflow
 * walks, who a tier pages at a given time, durations in `ms` syntax, and the
 * route whose settings an incident's labels select.
 */
import ms, { type StringValue } from 'ms';
import { matchesLabels } from './labels.js';
import { onCallAt } from './oncall.js';
import type { EscalationPolicy, EscalationTier, IncidentRoute, Rotation } from './types.js';

/** One rung of the ladder: a tier in one round of the policy. */
export interface EscalationStep {
  tierIndex: number;
  /** 0 for the first pass, 1 for the first repeat, … */
  round: number;
  ackWithinMs: number;
}

/** Who a tier pages, and what could not be expanded (for the timeline, not a failure). */
export interface Pages {
  users: string[];
  problems: string[];
}

/**
 * Milliseconds of a duration in `ms` syntax (`30s`, `5m`, `2h`, `1d`; a bare number is
 * milliseconds). Throws naming the value when it is not one, or is negative.
 */
export function parseDuration(text: string): number {
  let value: number | undefined;
  try {
    value = ms(text as StringValue) as number | undefined;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`Unexpected duration \`${String(text)}\`, expected one such as 30s, 5m, 2h or 1d`);
  }
  return value;
}

/**
 * The whole ladder in the order it is walked: every tier, then every tier again for each
 * of `policy.repeat` extra rounds. Throws (via `parseDuration`) on a bad `ackWithin`.
 */
export function escalationSteps(policy: EscalationPolicy): EscalationStep[] {
  const durations = policy.tiers.map((tier) => parseDuration(tier.ackWithin));
  const steps: EscalationStep[] = [];
  for (let round = 0; round <= policy.repeat; round++) {
    durations.forEach((ackWithinMs, tierIndex) => steps.push({ tierIndex, round, ackWithinMs }));
  }
  return steps;
}

/**
 * Who `tier` pages at `at`: its user ids as they are, `oncall:<team>` as whoever is on
 * call in that team's rotation, plain `oncall` as `defaultTeam`'s. Each user once, in
 * order. A team without a rotation (or a rotation that cannot answer) becomes a problem.
 */
export function resolvePages(tier: EscalationTier, rotations: Readonly<Record<string, Rotation>>, at: string | Date, defaultTeam: string): Pages {
  const users: string[] = [];
  const problems: string[] = [];
  for (const entry of tier.page) {
    const team = entry === 'oncall' ? defaultTeam : entry.startsWith('oncall:') ? entry.slice('oncall:'.length) : undefined;
    let user = entry;
    if (team !== undefined) {
      const rotation = Object.hasOwn(rotations, team) ? rotations[team] : undefined;
      if (rotation === undefined) {
        problems.push(`tier \`${tier.name}\` pages \`${entry}\`, but there is no rotation \`${team}\``);
        continue;
      }
      try {
        user = onCallAt(rotation, at);
      } catch (err) {
        problems.push(`tier \`${tier.name}\` pages \`${entry}\`: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
    }
    if (!users.includes(user)) users.push(user);
  }
  return { users, problems };
}

/**
 * The first route whose `match` labels the incident has (all equal; an empty `match` is
 * met by every incident), else a fresh fallback: resolve on clear, the default escalation.
 */
export function routeFor(routes: readonly IncidentRoute[], labels: Readonly<Record<string, string>>): IncidentRoute {
  return routes.find((route) => matchesLabels(route.match, labels)) ?? { match: {}, onClear: 'resolve' };
}
