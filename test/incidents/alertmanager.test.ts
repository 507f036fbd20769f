import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../incidents/alertmanager.js';
import { labelKey } from '../../incidents/labels.js';
import type { ParseResult } from '../../incidents/intake.js';
import type { AlertInput } from '../../incidents/types.js';

const RECEIVED = '2026-03-01T12:00:05.000Z';

/** A body as Alertmanager 0.27 sends it: one firing alert, one resolved. */
function payload() {
  return {
    receiver: 'swaybot',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'DiskFull', instance: 'db-1:9100', job: 'node', service: 'db', severity: 'critical' },
        annotations: { summary: 'Disk almost full on db-1' },
        startsAt: '2026-03-01T11:58:00.123456789Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=disk',
        fingerprint: '5f8a1c0c2e8e4b1d',
      },
      {
        status: 'resolved',
        labels: { alertname: 'HighLatency', job: 'api' },
        annotations: {},
        startsAt: '2026-03-01T10:00:00+02:00',
        endsAt: '2026-03-01T11:00:00Z',
        generatorURL: '',
        fingerprint: '',
      },
    ],
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
  };
}

function alerts(result: ParseResult): AlertInput[] {
  if (!result.ok) throw new Error(`refused: ${result.reason}: ${result.message}`);
  return result.alerts;
}

function refusal(result: ParseResult): { reason: string; message: string } {
  if (result.ok) throw new Error('accepted');
  return { reason: result.reason, message: result.message };
}

describe('parseAlertmanager', () => {
  it('maps a real payload to AlertInputs', () => {
    const [disk, latency] = alerts(parseAlertmanager(payload(), RECEIVED));
    expect(disk).toEqual({
      source: 'alertmanager',
      service: 'db',
      dedupeKey: '5f8a1c0c2e8e4b1d',
      name: 'DiskFull',
      status: 'firing',
      severity: 'critical',
      labels: { alertname: 'DiskFull', instance: 'db-1:9100', job: 'node', service: 'db', severity: 'critical' },
      annotations: { summary: 'Disk almost full on db-1' },
      startsAt: '2026-03-01T11:58:00.123Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=disk',
      receivedAt: RECEIVED,
    });
    // No service label: job; no severity: warning; no fingerprint: the labels' key; times in UTC.
    expect(latency).toEqual({
      source: 'alertmanager',
      service: 'api',
      dedupeKey: labelKey({ alertname: 'HighLatency', job: 'api' }),
      name: 'HighLatency',
      status: 'resolved',
      severity: 'warning',
      // The service gets its own label (routes and `match` read it); the key is of the labels as sent.
      labels: { alertname: 'HighLatency', job: 'api', service: 'api' },
      annotations: {},
      startsAt: '2026-03-01T08:00:00.000Z',
      endsAt: '2026-03-01T11:00:00.000Z',
      receivedAt: RECEIVED,
    });
  });

  it('falls back to unknown service, and to received time for a zero startsAt', () => {
    const body = { version: '4', alerts: [{ status: 'firing', labels: { alertname: 'X', service: '' }, startsAt: '0001-01-01T00:00:00Z' }] };
    const [alert] = alerts(parseAlertmanager(body, RECEIVED));
    expect(alert?.service).toBe('unknown');
    expect(alert?.startsAt).toBe(RECEIVED);
    expect(alert?.annotations).toEqual({});
  });

  it('keeps endsAt of resolved alerts only, and never the zero time', () => {
    const body = payload();
    body.alerts[0]!.endsAt = '2026-03-01T12:10:00Z';
    body.alerts[1]!.endsAt = '0001-01-01T00:00:00Z';
    const [firing, resolved] = alerts(parseAlertmanager(body, RECEIVED));
    expect(firing).not.toHaveProperty('endsAt');
    expect(resolved).not.toHaveProperty('endsAt');
  });

  it('reports truncated alerts', () => {
    const result = parseAlertmanager({ ...payload(), truncatedAlerts: 7 }, RECEIVED);
    expect(result).toMatchObject({ ok: true, truncatedAlerts: 7 });
    expect(parseAlertmanager(payload(), RECEIVED)).not.toHaveProperty('truncatedAlerts');
  });

  it('lets through fields a later Alertmanager may add', () => {
    const body = { ...payload(), newField: 1, alerts: payload().alerts.map((a) => ({ ...a, silencedBy: [] })) };
    expect(alerts(parseAlertmanager(body, RECEIVED))).toHaveLength(2);
  });

  it.each([
    ['a string', 'hello', 'bad-shape', '(body): expected an Alertmanager webhook object, got string'],
    ['an array', [], 'bad-shape', 'got an array'],
    ['null', null, 'bad-shape', 'got null'],
    ['no version', { alerts: [] }, 'wrong-version', 'version: expected "4" (Alertmanager\'s webhook format), got none'],
    ['version 3', { ...payload(), version: '3' }, 'wrong-version', 'got "3"'],
    ['version as a number', { ...payload(), version: 4 }, 'wrong-version', 'got 4'],
    ['no alerts field', { version: '4' }, 'bad-shape', 'alerts: '],
    ['an empty alerts list', { ...payload(), alerts: [] }, 'no-alerts', 'alerts: empty'],
  ])('refuses %s', (_what, body, reason, message) => {
    const r = refusal(parseAlertmanager(body, RECEIVED));
    expect(r.reason).toBe(reason);
    expect(r.message).toContain(message);
  });

  function withAlert(change: (alert: Record<string, unknown>) => void): unknown {
    const body = payload();
    change(body.alerts[1] as unknown as Record<string, unknown>);
    return body;
  }

  it('names the field of a bad alert', () => {
    const cases: [unknown, string, string][] = [
      [withAlert((a) => (a['labels'] = { job: 'api' })), 'missing-labels', 'alerts[1].labels.alertname: missing: every alert needs an `alertname` label'],
      [withAlert((a) => (a['labels'] = { alertname: '' })), 'missing-labels', 'alerts[1].labels.alertname: empty'],
      [withAlert((a) => (a['labels'] = { alertname: 'X', code: 500 })), 'bad-shape', 'alerts[1].labels.code: '],
      [withAlert((a) => (a['status'] = 'pending')), 'bad-shape', 'alerts[1].status: '],
      [withAlert((a) => (a['startsAt'] = 'yesterday')), 'bad-time', 'alerts[1].startsAt: expected an RFC 3339 time such as 2026-01-05T09:00:00Z'],
      [withAlert((a) => (a['startsAt'] = '2026-02-30T00:00:00Z')), 'bad-time', 'alerts[1].startsAt: '],
      [withAlert((a) => (a['endsAt'] = '2026-03-01 11:00')), 'bad-time', 'alerts[1].endsAt: '],
      [withAlert((a) => delete a['startsAt']), 'bad-shape', 'alerts[1].startsAt: missing'],
      [withAlert((a) => (a['annotations'] = { 'odd key': 1 })), 'bad-shape', 'alerts[1].annotations["odd key"]: '],
    ];
    for (const [body, reason, message] of cases) {
      const r = refusal(parseAlertmanager(body, RECEIVED));
      expect(r, message).toMatchObject({ reason });
      expect(r.message).toContain(message);
    }
  });

  it('counts the further problems of a body', () => {
    const body = withAlert((a) => {
      a['status'] = 1;
      a['startsAt'] = 2;
    });
    expect(refusal(parseAlertmanager(body, RECEIVED)).message).toMatch(/\(and 1 more problem\)$/);
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        const result = parseAlertmanager(body, RECEIVED);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (alert) => {
        parseAlertmanager({ version: '4', alerts: [alert] }, RECEIVED);
      }),
    );
  });
});
