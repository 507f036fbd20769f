/**
 * A stand-in for the services the shipped runbooks call (health, certificates,
 * database operator, deploys, disks): one loopback HTTP server answering every
 * path with one JSON document holding the fields the runbooks read. A few
 * fields change on later calls so both sides of the runbooks' conditions run
 * (a service degraded then healthy, an error rate high then low).
 */
import type { Plan } from '../../plan/types.js';
import { startHttpServer, type TestHttpServer } from './http-server.js';

export function startStandIn(): Promise<TestHttpServer> {
  return startHttpServer({}, (req, n) => {
    const path = req.url.split('?')[0] ?? '';
    return {
      json: {
        status: path.endsWith('/health') && n === 1 ? 'degraded' : 'ok',
        version: '1.4.2',
        queueDepth: 12,
        uptimeSeconds: 3600,
        daysLeft: 5,
        serial: n === 1 ? '0A1B' : '0C2D',
        healthy: false,
        host: 'orders-pg-2.internal',
        node: 'node-2',
        best: { name: 'orders-pg-2', lagSeconds: 1 },
        errorRate: path.endsWith('/metrics') && n > 1 ? 0.01 : 0.2,
        requestsPerSecond: 120,
        revision: 'r42',
        previousRevision: 'r41',
        usedPercent: 96 - 4 * (n - 1),
        freeBytes: 1_000_000_000,
        reclaimedBytes: 500_000_000,
      },
    };
  });
}

/**
 * Parameters for a demo run of `plan` against the stand-in at `base`: URL
 * parameters on loopback are pointed at it (keeping their path), required ones
 * get a made-up value of their type.
 */
export function standInParams(plan: Plan, base: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const spec of plan.params) {
    if (typeof spec.default === 'string' && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?/.test(spec.default)) {
      out[spec.name] = base + new URL(spec.default).pathname.replace(/\/$/, '');
    } else if (spec.default === undefined) {
      out[spec.name] = spec.type === 'string' ? `demo-${spec.name.toLowerCase()}` : spec.type === 'number' ? 1 : false;
    }
  }
  return out;
}

/** A directory in which `who` belongs to every group the plan names. */
export function directoryFor(plan: Plan, who = 'alice'): Record<string, string[]> {
  const groups = new Set(plan.approvers);
  for (const step of plan.steps) for (const g of step.approval?.groups ?? []) groups.add(g);
  return Object.fromEntries([...groups].map((g) => [g, [who]]));
}
