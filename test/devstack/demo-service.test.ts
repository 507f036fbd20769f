import { afterEach, describe, expect, it } from 'vitest';
import { startDemoService, type DemoService } from '../../devstack/demo-service.js';

let service: DemoService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function call(method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${service!.url}${path}`, { method });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('demo service', () => {
  it('starts degraded and is healthy after a restart', async () => {
    service = await startDemoService({ port: 0 });
    const before = await call('GET', '/health');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'degraded', version: '1.4.2' });
    expect(before.body['queueDepth']).toBeGreaterThan(0);
    expect(typeof before.body['uptimeSeconds']).toBe('number');

    const restart = await call('POST', '/restart');
    expect(restart.body).toEqual({ restarted: true, version: '1.4.2+r1' });
    const after = await call('GET', '/health');
    expect(after.body).toMatchObject({ status: 'ok', version: '1.4.2+r1', queueDepth: 0 });
  });

  it('drains and undrains, and reports metrics', async () => {
    service = await startDemoService({ port: 0 });
    expect((await call('POST', '/drain')).body).toEqual({ draining: true });
    expect((await call('GET', '/metrics')).body).toMatchObject({ requestsPerSecond: 0 });
    expect((await call('POST', '/undrain')).body).toEqual({ draining: false });
    const metrics = (await call('GET', '/metrics')).body;
    expect(metrics['requestsPerSecond']).toBeGreaterThan(0);
    expect(metrics['errorRate']).toBeGreaterThan(0);
    expect(service.requests).toEqual(['POST /drain', 'GET /metrics', 'POST /undrain', 'GET /metrics']);
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    service = await startDemoService({ port: 0 });
    expect((await call('GET', '/nope')).status).toBe(404);
    const wrong = await call('GET', '/restart');
    expect(wrong.status).toBe(405);
    expect(wrong.body['error']).toContain('GET');
  });
});
