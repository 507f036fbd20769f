/**
 * A service's capacity settings (config `capacity.services.<name>`): how much load one replica
 * carries, how full it may run, the bounds and the damping of the plan, when a person must
 * approve, and what applies it. Parsed with zod, so a bad value names its path.
 */
import { z } from 'zod';

const duration = z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'a duration such as 30s, 5m, 2h or 1d');

export const scalerSettingsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('kubernetes'),
    /** kubeconfig file; default: $KUBECONFIG, then ~/.kube/config. */
    kubeconfig: z.string().min(1).optional(),
    namespace: z.string().min(1).default('default'),
    /** Deployment name; default: the service name. */
    deployment: z.string().min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal('webhook'),
    /** Receives `POST {service, replicas, planId, ...}`; `GET ?service=` answers `{replicas}`. */
    url: z.url(),
    /** HMAC-SHA256 signing secret from this environment variable (header `x-swaybot-signature`). */
    secret: z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }).optional(),
  }),
  z.strictObject({
    kind: z.literal('hardware-pool'),
    /** Hosts of the hardware inventory, in the order they are powered on (off in reverse). */
    hosts: z.array(z.string().min(1)).min(1),
  }),
]);

export const serviceSettingsSchema = z.strictObject({
  /** The load series: a metric name in the embedded store, or a PromQL expression. */
  metric: z.string().min(1),
  labels: z.record(z.string().min(1), z.string()).default({}),
  /** Load one replica carries at 100 % (same unit as the metric). */
  capacityPerReplica: z.number().positive(),
  /** How full a replica may run (0–1]. */
  targetUtilisation: z.number().gt(0).max(1).default(0.7),
  /** Extra fraction on top of the p90 forecast. */
  headroom: z.number().min(0).max(10).default(0.1),
  min: z.number().int().min(0).default(1),
  max: z.number().int().min(1).default(100),
  /** Scale down by at most this many replicas per hour. */
  scaleDownStep: z.number().int().min(1).default(1),
  /** Scale down only to what the next N hours still need (a stabilisation window over the forecast). */
  scaleDownWindow: z.number().int().min(1).max(48).default(3),
  /** Capacity must be up this many hours before the load it serves (servers take time to boot). */
  leadHours: z.number().int().min(0).max(24).default(0),
  /** A change of at least this many replicas, or this fraction of what runs, needs approval. */
  approval: z
    .strictObject({ replicas: z.number().int().min(0).default(2), fraction: z.number().min(0).default(0.25), timeout: duration.default('4h') })
    .prefault({}),
  scaler: scalerSettingsSchema,
  /** How often the schedule plans this service. */
  every: duration.default('1h'),
});

export type ScalerSettings = z.infer<typeof scalerSettingsSchema>;
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;
export type ServiceSettingsInput = z.input<typeof serviceSettingsSchema>;
