/** `/swaybot …` text → what to do, or a usage error naming what was wrong. */
import { describe, expect, it } from 'vitest';
import { parseSlackCommand } from '../../workers/slack-command.js';

const command = (text: string) => {
  const parsed = parseSlackCommand(text);
  if (!parsed.ok) throw new Error(`expected a command, got: ${parsed.error}`);
  return parsed.command;
};
const error = (text: string) => {
  const parsed = parseSlackCommand(text);
  if (parsed.ok) throw new Error(`expected a usage error, got ${JSON.stringify(parsed.command)}`);
  return parsed.error;
};

describe('parseSlackCommand', () => {
  it('reads each command', () => {
    expect(command('')).toEqual({ kind: 'help' });
    expect(command('  help ')).toEqual({ kind: 'help' });
    expect(command('incident list')).toEqual({ kind: 'incident-list', all: false });
    expect(command('incident list all')).toEqual({ kind: 'incident-list', all: true });
    expect(command('incident ack incident-api-k1')).toEqual({ kind: 'incident-ack', id: 'incident-api-k1' });
    expect(command('incident resolve incident-api-k1')).toEqual({ kind: 'incident-resolve', id: 'incident-api-k1' });
    expect(command('status runbook-x-1')).toEqual({ kind: 'status', id: 'runbook-x-1' });
  });

  it('keeps free text (reasons, notes) as typed, with the entities Slack escapes undone', () => {
    expect(command('incident resolve incident-api-k1 rolled back  the deploy')).toEqual({ kind: 'incident-resolve', id: 'incident-api-k1', reason: 'rolled back  the deploy' });
    expect(command('incident note incident-api-k1 p99 &gt; 2s &amp; rising')).toEqual({ kind: 'incident-note', id: 'incident-api-k1', text: 'p99 > 2s & rising' });
  });

  it('reads a run with name=value parameters, a quoted value as one word', () => {
    expect(command('run slack-greet who="Bob Smith" times=2')).toEqual({ kind: 'run', runbook: 'slack-greet', params: ['who=Bob Smith', 'times=2'] });
    expect(command('run greet.md')).toEqual({ kind: 'run', runbook: 'greet.md', params: [] });
  });

  it('answers bad input with what was wrong and the form expected', () => {
    expect(error('incident ack')).toBe('Unexpected input (no incident id), expected `/swaybot incident ack <id>`');
    expect(error('incident ack a b')).toBe('Unexpected input (more than one id), expected `/swaybot incident ack <id>`');
    expect(error('incident note incident-api-k1')).toBe('Unexpected input (no text), expected `/swaybot incident note <id> <text>`');
    expect(error('incident frobnicate x')).toBe('Unexpected input (unknown subcommand `frobnicate`), expected `/swaybot incident list|ack|resolve|note …`');
    expect(error('run')).toBe('Unexpected input (no runbook), expected `/swaybot run <runbook> [name=value …]`');
    expect(error('run greet who')).toBe('Unexpected input (`who` is not name=value), expected `/swaybot run <runbook> [name=value …]`');
    expect(error('status')).toBe('Unexpected input (no id), expected `/swaybot status <id>`');
    expect(error('deploy prod')).toMatch(/^Unexpected command `deploy`, expected one of: incident, run, status, help\.\n`\/swaybot incident list/);
  });

  it('quotes user text back escaped, so it never becomes a mention', () => {
    expect(error('&lt;!channel&gt;')).toMatch(/^Unexpected command `&lt;!channel&gt;`/);
  });
});
