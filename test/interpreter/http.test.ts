import { afterEach, describe, expect, it } from 'vitest';
import { runFailure, withWorker } from '../support-interpreter/harness.js';
import { startHttpServer, type TestHttpServer } from '../support-interpreter/http-server.js';
import { http, log, param, plan } from '../support-interpreter/plans.js';

let server: TestHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fastRetry = { maximumAttempts: 3, initialInterval: '100ms', backoffCoefficient: 1 };

describe('http.request and outputs', () => {
  it('passes one step output into the templates of later steps', async () => {
    server = await startHttpServer({
      'GET /services/web': () => ({ json: { name: 'web', replicas: 3 } }),
      'POST /services/web/scale': (req) => ({ status: 201, json: { accepted: JSON.parse(req.body) as unknown } }),
    });
    const base = server.url;
    await withWorker({}, async (h) => {
      const handle = await h.start({
        plan: plan(
          'outputs',
          [
            http('lookup', { url: `${base}/services/{{ params.service }}` }, { as: 'svc' }),
            http(
              'scale',
              {
                url: `${base}/services/{{ svc.body.name }}/scale?by={{ params.by }}`,
                method: 'POST',
                headers: { 'x-run': '{{ run.runbookId }}' },
                body: { replicas: '{{ svc.body.replicas + params.by }}', reason: 'incident {{ incident.id }}' },
                expectStatus: [201],
              },
              { as: 'scaled' },
            ),
            log('note', 'scaled {{ svc.body.name }} to {{ scaled.body.accepted.replicas }}'),
          ],
          { params: [param('service', 'string'), param('by', 'number', 2)] },
        ),
        params: { service: 'web' },
        incident: { id: 'INC-7' },
      });
      const result = await handle.result();
      expect(server!.received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /services/web', 'POST /services/web/scale?by=2']);
      const post = server!.received[1]!;
      expect(JSON.parse(post.body)).toEqual({ replicas: 5, reason: 'incident INC-7' });
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers['x-run']).toBe('outputs');
      expect(result.outputs['svc']).toMatchObject({ status: 200, ok: true, body: { name: 'web', replicas: 3 } });
      expect(result.outputs['scaled']).toMatchObject({ status: 201, body: { accepted: { replicas: 5 } } });
    });
  });

  it('fails at once, without retrying, when the host is not allow-listed', async () => {
    await withWorker({ config: { http: { allowHosts: ['127.0.0.1'] } } }, async (h) => {
      const handle = await h.start({
        plan: plan('not-allowed', [http('call', { url: 'http://status.example.invalid/health' }, { retry: fastRetry })]),
      });
      const failure = await runFailure(handle);
      expect(failure.message).toContain('HostNotAllowed: Host `status.example.invalid` is not allowed; add it to `http.allowHosts`');
      const events = (await handle.fetchHistory()).events ?? [];
      // The step's activity only (the run also reads the approver directory).
      const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityId === 'call');
      const started = events.filter((e) => e.activityTaskStartedEventAttributes && String(e.activityTaskStartedEventAttributes.scheduledEventId) === String(scheduled?.eventId));
      expect(started.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1]);
    });
  });

  it('retries a 503 and succeeds; fails a 404 without retrying', async () => {
    server = await startHttpServer({
      'GET /flaky': (_req, n) => (n < 3 ? { status: 503, text: 'busy' } : { json: { ok: true } }),
      'GET /gone': () => ({ status: 404, text: 'gone' }),
    });
    const base = server.url;
    await withWorker({}, async (h) => {
      const ok = await h.start({ plan: plan('http-503', [http('flaky', { url: `${base}/flaky` }, { retry: fastRetry, as: 'r' })]) });
      expect((await ok.result()).outputs['r']).toMatchObject({ status: 200, body: { ok: true } });
      expect(server!.received.filter((r) => r.url === '/flaky')).toHaveLength(3);

      const gone = await h.start({ plan: plan('http-404', [http('gone', { url: `${base}/gone` }, { retry: fastRetry })]) });
      const failure = await runFailure(gone);
      expect(failure.message).toContain(`HttpStatus: GET ${base}/gone answered 404`);
      expect(server!.received.filter((r) => r.url === '/gone')).toHaveLength(1);
    });
  });
});
