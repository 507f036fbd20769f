/**
 * The benchmark's runbook: five steps touching every interpreter feature that
 * costs something per step (templates, outputs, a `when`), and the arguments
 * the hand-written workflow passes for the same calls.
 */
import { PLAN_VERSION, type ActionStep, type Plan, type TemplateValue } from '../../plan/types.js';

const step = (id: string, activity: 'httpRequest' | 'log', args: Record<string, TemplateValue>, extra: Partial<ActionStep> = {}): ActionStep => ({
  id,
  title: id.replace(/-/g, ' '),
  source: { line: 1, column: 1 },
  context: '',
  commands: [],
  kind: 'action',
  action: activity === 'log' ? 'log' : 'http.request',
  runner: { kind: 'activity', activity },
  with: args,
  ...extra,
});

/** The plan the interpreter runs; `base` is the loopback service URL. */
export function benchPlan(): Plan {
  return {
    version: PLAN_VERSION,
    hash: 'bench'.padEnd(64, '0'),
    id: 'bench-restart',
    title: 'Benchmark: check and restart a service',
    source: 'bench/support/interpreter-plan.ts',
    description: '',
    match: {},
    params: [{ name: 'base', type: 'string', required: true }],
    approvers: [],
    steps: [
      step('look-up', 'httpRequest', { url: '{{ params.base }}/service' }, { as: 'svc' }),
      step('announce', 'log', { message: 'checking {{ svc.body.name }} ({{ svc.body.replicas }} replicas)' }),
      step(
        'restart',
        'httpRequest',
        { url: '{{ params.base }}/restart/{{ svc.body.name }}', method: 'POST', body: { replicas: '{{ svc.body.replicas }}' } },
        { as: 'restart', when: 'svc.body.healthy == false' },
      ),
      step('poll', 'httpRequest', { url: '{{ params.base }}/status/{{ restart.body.id }}' }, { as: 'status' }),
      step('report', 'log', { message: 'restart of {{ svc.body.name }} is {{ status.body.state }}' }),
    ],
  };
}
