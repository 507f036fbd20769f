import type { Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { formatDuration, postmortemDraft, type PostmortemStep } from '../../incidents/postmortem.js';
import type { IncidentStatus } from '../../incidents/types.js';

function incident(): IncidentStatus {
  return {
    id: 'incident-db-5f8a1c0c',
    service: 'db',
    title: 'DiskFull on db-1',
    severity: 'critical',
    state: 'resolved',
    labels: { service: 'db', alertname: 'DiskFull', instance: 'db-1:9100' },
    openedAt: '2026-03-01T12:00:00.000Z',
    acknowledgedAt: '2026-03-01T12:04:12.000Z',
    acknowledgedBy: 'alice',
    resolvedAt: '2026-03-01T13:02:03.000Z',
    resolvedBy: 'bob',
    alertCount: 3,
    reopenCount: 1,
    tier: 1,
    paged: ['alice', 'carol'],
    falsePositive: { by: 'bob', reason: 'test alert' },
    runbook: { id: 'disk-full', title: 'Disk full', workflowId: 'run-disk-full-1', state: 'succeeded' },
    timeline: [
      { at: '2026-03-01T12:00:00.000Z', kind: 'opened', text: 'opened by alert `DiskFull` (critical)' },
      { at: '2026-03-01T12:00:01.000Z', kind: 'paged', text: 'paged on-call: alice', mention: ['alice'] },
      { at: '2026-03-01T12:04:12.000Z', kind: 'acknowledged', by: 'alice', text: 'acknowledged' },
      { at: '2026-03-01T12:10:00.000Z', kind: 'note', by: 'alice', text: 'df says | 99% |\nline two\\|still two' },
      { at: '2026-03-01T13:02:03.000Z', kind: 'resolved', by: 'bob', text: 'resolved: disk cleaned' },
    ],
    timelineDropped: 2,
    ledgerEvents: ['evt-0001', 'evt-0002'],
    ledgerErrors: 1,
    ledgerError: 'peer unreachable',
    mttaMs: 252_000,
    mttrMs: 3_723_000,
  };
}

const steps: PostmortemStep[] = [
  { id: 'check', title: 'Check disk usage', state: 'succeeded' },
  { id: 'clean', title: 'Clean old logs | tmp', state: 'succeeded', decision: { decision: 'approve', by: 'carol', reason: 'logs are\nrotated anyway' } },
  { id: 'expand', title: 'Expand volume', state: 'skipped', decision: { decision: 'reject', by: 'dave' } },
];

function parse(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/** The markdown of one `## heading` section (up to the next one). */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThan(-1);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** The rows of the first table in `markdown`, each cell as its rendered text. */
function rows(markdown: string): string[][] {
  const table = parse(markdown).children.find((n): n is Table => n.type === 'table');
  expect(table).toBeDefined();
  return table!.children.map((row) => row.children.map((c) => toString(c)));
}

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1s'],
    [252_000, '4m 12s'],
    [252_999, '4m 12s'],
    [3_600_000, '1h'],
    [3_603_000, '1h 3s'],
    [3_723_000, '1h 2m 3s'],
    [2 * 86_400_000 + 5 * 3_600_000, '2d 5h'],
    [-61_000, '-1m 1s'],
    [NaN, 'unknown'],
    [Infinity, 'unknown'],
  ])('%s ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('postmortemDraft', () => {
  const md = postmortemDraft(incident(), { steps });

  it('has every section, in order', () => {
    expect(md.startsWith('# Postmortem draft: DiskFull on db-1\n')).toBe(true);
    const headings = parse(md)
      .children.filter((n) => n.type === 'heading')
      .map((h) => toString(h));
    expect(headings).toEqual([
      'Postmortem draft: DiskFull on db-1',
      'Summary',
      'Impact window',
      'MTTA and MTTR',
      'Timeline',
      'Approvals',
      'Runbook steps',
      'Ledger events',
      'Follow-ups',
    ]);
  });

  it('summarises the incident', () => {
    expect(rows(section(md, 'Summary'))).toEqual([
      ['Field', 'Value'],
      ['Service', 'db'],
      ['Severity', 'critical'],
      ['State', 'resolved'],
      ['Labels', 'alertname=DiskFull, instance=db-1:9100, service=db'],
      ['Alerts', '3'],
      ['Reopened', '1 time'],
      ['False positive', 'yes, marked by bob: test alert'],
      ['Paged', 'alice, carol'],
      ['Runbook', 'Disk full (disk-full, run run-disk-full-1), succeeded'],
    ]);
  });

  it('gives the impact window and response times', () => {
    expect(section(md, 'Impact window')).toContain(
      ['- Opened: 2026-03-01 12:00:00 UTC', '- Acknowledged: 2026-03-01 12:04:12 UTC by alice', '- Resolved: 2026-03-01 13:02:03 UTC by bob', '- Duration: 1h 2m 3s'].join('\n'),
    );
    expect(section(md, 'MTTA and MTTR')).toContain('- Time to acknowledge (MTTA): 4m 12s\n- Time to resolve (MTTR): 1h 2m 3s');
  });

  it('puts the timeline in a table, escaping what would break it', () => {
    const timeline = section(md, 'Timeline');
    expect(rows(timeline)).toEqual([
      ['Time', 'Who', 'What'],
      ['2026-03-01 12:00:00 UTC', 'swaybot', 'opened by alert DiskFull (critical)'],
      ['2026-03-01 12:00:01 UTC', 'swaybot', 'paged on-call: alice'],
      ['2026-03-01 12:04:12 UTC', 'alice', 'acknowledged'],
      // One cell: the pipes and the backslash survive, the line break is a `<br>`.
      ['2026-03-01 12:10:00 UTC', 'alice', 'df says | 99% |<br>line two\\|still two'],
      ['2026-03-01 13:02:03 UTC', 'bob', 'resolved: disk cleaned'],
    ]);
    expect(timeline).toContain('df says \\| 99% \\|<br>line two\\\\\\|still two');
    expect(timeline).toContain('_2 earlier entries were dropped');
  });

  it('lists approvals with reasons, and each step with its state', () => {
    expect(section(md, 'Approvals')).toContain(
      ['- Clean old logs | tmp (`clean`): approved by carol, reason: logs are rotated anyway', '- Expand volume (`expand`): rejected by dave, no reason given'].join('\n'),
    );
    expect(section(md, 'Approvals')).not.toContain('check');
    expect(rows(section(md, 'Runbook steps'))).toEqual([
      ['Step', 'Title', 'State'],
      ['check', 'Check disk usage', 'succeeded'],
      ['clean', 'Clean old logs | tmp', 'succeeded'],
      ['expand', 'Expand volume', 'skipped'],
    ]);
  });

  it('lists ledger events and failed writes', () => {
    const ledger = section(md, 'Ledger events');
    expect(ledger).toContain('- `evt-0001`\n- `evt-0002`');
    expect(ledger).toContain('_1 ledger write failed for good (last: peer unreachable); its event is not in the ledger._');
  });

  it('leaves unchecked follow-ups for the authors', () => {
    const items = section(md, 'Follow-ups').split('\n').filter((l) => l.startsWith('- '));
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) expect(item).toMatch(/^- \[ \] /);
  });

  it('says what is not known yet for an open incident without a runbook', () => {
    const open: IncidentStatus = { ...incident(), state: 'triggered', paged: [], labels: {}, timeline: [], ledgerEvents: [], reopenCount: 0 };
    for (const key of ['acknowledgedAt', 'acknowledgedBy', 'resolvedAt', 'resolvedBy', 'mttaMs', 'mttrMs', 'falsePositive', 'runbook', 'timelineDropped', 'ledgerErrors', 'ledgerError'] as const) delete open[key];
    const draft = postmortemDraft(open, {});
    expect(rows(section(draft, 'Summary'))).toContainEqual(['False positive', 'no']);
    expect(rows(section(draft, 'Summary'))).toContainEqual(['Labels', 'none']);
    expect(rows(section(draft, 'Summary'))).toContainEqual(['Reopened', '0 times']);
    expect(rows(section(draft, 'Summary'))).toContainEqual(['Paged', 'nobody']);
    expect(section(draft, 'Impact window')).toContain('- Acknowledged: not acknowledged\n- Resolved: not resolved yet\n- Duration: still open');
    expect(section(draft, 'MTTA and MTTR')).toContain('(MTTA): not acknowledged');
    expect(section(draft, 'Timeline')).toContain('_No entries._');
    expect(section(draft, 'Approvals')).toContain('_No runbook step was decided by a person._');
    expect(section(draft, 'Runbook steps')).toContain('_No runbook ran._');
    expect(section(draft, 'Ledger events')).toContain('_No ledger events were recorded._');
  });

  it('keeps a multi-line title and odd labels from breaking the markdown', () => {
    const odd = { ...incident(), title: 'Disk\nfull # now', labels: { 'a|b': 'x`y', note: 'two\nlines' } };
    const draft = postmortemDraft(odd, { steps });
    expect(draft.split('\n')[0]).toBe('# Postmortem draft: Disk full # now');
    expect(rows(section(draft, 'Summary'))).toContainEqual(['Labels', 'a|b=x`y, note=two lines']);
  });

  it('is deterministic', () => {
    expect(postmortemDraft(incident(), { steps })).toBe(md);
  });
});
