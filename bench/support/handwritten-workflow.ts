/**
 * The benchmark's anchor: the same five calls as the benchmark plan, written
 * by hand against the typed activity proxy, with the same per-call summaries
 * and activity ids, and no interpreter (no templates, status, details or
 * search-attribute updates).
 */
import { ops } from '../../workflows/actions.js';
import { DEFAULT_ACTIVITY_OPTIONS } from '../../workflows/actions.js';

interface Service {
  name: string;
  replicas: number;
  healthy: boolean;
}

const call = (summary: string, activityId: string) => ({ ...DEFAULT_ACTIVITY_OPTIONS, summary, activityId });

/** Looks the service up, restarts it when unhealthy, polls the restart, reports. */
export async function handwrittenWorkflow(base: string): Promise<string> {
  const svc = await ops.httpRequest.executeWithOptions(call('look up', 'look-up'), [{ url: `${base}/service` }]);
  const service = svc.body as Service;
  await ops.log.executeWithOptions(call('announce', 'announce'), [{ message: `checking ${service.name} (${service.replicas} replicas)` }]);
  let restartId: unknown = null;
  if (service.healthy === false) {
    const restart = await ops.httpRequest.executeWithOptions(call('restart', 'restart'), [
      { url: `${base}/restart/${service.name}`, method: 'POST', body: { replicas: service.replicas } },
    ]);
    restartId = (restart.body as { id: unknown }).id;
  }
  const status = await ops.httpRequest.executeWithOptions(call('poll', 'poll'), [{ url: `${base}/status/${String(restartId)}` }]);
  const state = (status.body as { state: string }).state;
  await ops.log.executeWithOptions(call('report', 'report'), [{ message: `restart of ${service.name} is ${state}` }]);
  return state;
}
