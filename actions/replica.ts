/**
 * `replica.print`: print the scale replica of a host (docs/printing.md), e.g. from a drill runbook
 * for the host it rehearses on. One activity runs the whole pipeline (model, checks, preview,
 * slice, print) heartbeating its progress; `swaybot replica print` runs the same stages as a
 * workflow of their own. Printing uses filament and the printer: it needs approval.
 */
import { z } from 'zod';
import type { ActionDefinition } from './definition.js';

export const replicaPrintParams = z.strictObject({
  host: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a host name from the inventory (letters, digits, . _ -)')
    .describe('Host name from the hardware inventory; its `chassis` block describes the replica'),
  scale: z.number().gt(0).max(1).optional().describe('Model scale (default config printing.scale, 0.1 = 1:10)'),
});

export type ReplicaPrintParams = z.infer<typeof replicaPrintParams>;

/** What `replica.print` returns. */
export interface ReplicaPrintOutput {
  host: string;
  stlSha256: string;
  gcodeSha256: string;
  layers: number;
  seconds: number;
  printer: string;
}

export const replicaActions: readonly ActionDefinition[] = [
  {
    name: 'replica.print',
    description: 'Model, slice and print the scale replica of a host on the configured OctoPrint printer; needs approval',
    params: replicaPrintParams,
    runner: { kind: 'activity', activity: 'replicaPrintHost' },
    output: '{ host, stlSha256, gcodeSha256, layers, seconds, printer }',
    needsApproval: () => true,
  },
];
