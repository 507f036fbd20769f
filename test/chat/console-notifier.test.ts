import { describe, expect, it } from 'vitest';
import { incidentMessage, timelineText } from '../../chat/blocks.js';
import { ConsoleNotifier } from '../../chat/console-notifier.js';
import { incident } from './incident-fixture.js';

function consoleNotifier() {
  const lines: string[] = [];
  let now = Date.parse('2026-03-02T14:03:12.000Z');
  const notifier = new ConsoleNotifier({ print: (line) => lines.push(line), now: () => now });
  return { notifier, lines, tick: (ms: number) => (now += ms) };
}

describe('ConsoleNotifier', () => {
  it('prints a status message boxed, once per key, and answers with Slack-like refs', async () => {
    const { notifier, lines } = consoleNotifier();
    const message = { key: 'incident-api/status', channel: '#incidents', ...incidentMessage(incident()) };
    const first = await notifier.post(message);
    const printed = lines.length;
    const again = await notifier.post(message);
    expect(again).toEqual(first);
    expect(lines).toHaveLength(printed);
    expect(first).toEqual({ channel: '#incidents', ts: '1772460192.000000' });
    expect(lines[0]).toMatch(/^┌─ #incidents ─+$/);
    expect(lines).toContain('│ 🔴 High error rate on api');
    expect(lines).toContain('│ Service: api · Severity: critical · State: Triggered · Alerts: 1 · Opened: 2026-03-02 14:03 UTC · On call / paged: alice');
    expect(lines).toContain('│ [Acknowledge] [Escalate] [Resolve]');
    expect(lines[lines.length - 1]).toMatch(/^└─+$/);
  });

  it('gives each message its own increasing ts, even within one millisecond', async () => {
    const { notifier } = consoleNotifier();
    const a = await notifier.post({ key: 'a', channel: '#incidents', text: 'a' });
    const b = await notifier.post({ key: 'b', channel: '#incidents', text: 'b' });
    expect(a.ts).toMatch(/^\d+\.\d{6}$/);
    expect(b.ts).toBe('1772460192.000001');
  });

  it('indents thread replies under their incident and prints each once', async () => {
    const { notifier, lines, tick } = consoleNotifier();
    const parent = await notifier.post({ key: 'p', channel: '#incidents', ...incidentMessage(incident()) });
    lines.length = 0;
    tick(1000);
    const reply = { key: 'p/timeline/1', channel: '#incidents', threadTs: parent.ts, text: timelineText({ at: '2026-03-02T14:05:09Z', kind: 'acknowledged', by: 'alice', text: 'Acknowledged' }) };
    await notifier.post(reply);
    await notifier.post(reply);
    await notifier.post({ key: 'p/timeline/2', channel: '#incidents', threadTs: parent.ts, text: 'note & <@U1>' });
    expect(lines).toEqual(['  ┆ in thread of: 🔴 High error rate on api', '  ↳ `14:05:09` 👀 Acknowledged — alice', '  ↳ note & @U1']);
  });

  it('shows updates as "updated: …" with the new text', async () => {
    const { notifier, lines } = consoleNotifier();
    const ref = await notifier.post({ key: 's', channel: '#incidents', ...incidentMessage(incident()) });
    lines.length = 0;
    await notifier.update({ ref, ...incidentMessage(incident({ state: 'acknowledged', acknowledgedBy: 'bob' })) });
    expect(lines).toEqual(['updated: 🟡 Acknowledged: High error rate on api — api (critical) · acknowledged by bob · alice']);
  });
});
