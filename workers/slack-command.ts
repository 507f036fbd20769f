/**
 * `/swaybot …`: the text of the slash command parsed into what to do, or a
 * usage error saying what was wrong and what was expected. Pure: no Slack, no
 * Temporal. Slack sends the text with `&`, `<` and `>` escaped; they are
 * unescaped here, so a note reads as it was typed.
 */
import { unescapeMrkdwn } from '../chat/slack-text.js';
import { code } from './slack-reply.js';

/** The slash command the app answers (the manifest in docs/slack.md registers it). */
export const SLASH_COMMAND = '/swaybot';

export type SlackCommand =
  | { kind: 'help' }
  | { kind: 'incident-list'; all: boolean }
  | { kind: 'incident-ack'; id: string }
  | { kind: 'incident-resolve'; id: string; reason?: string }
  | { kind: 'incident-note'; id: string; text: string }
  | { kind: 'run'; runbook: string; params: string[] }
  | { kind: 'status'; id: string };

export type ParsedCommand = { ok: true; command: SlackCommand } | { ok: false; error: string };

/** One line per command, for `help` and usage errors. */
export const USAGE_LINES = [
  '`/swaybot incident list [all]`: open incidents (`all`: ended ones too)',
  '`/swaybot incident ack <id>`: acknowledge an incident',
  '`/swaybot incident resolve <id> [reason]`: resolve an incident',
  '`/swaybot incident note <id> <text>`: add a note to its timeline',
  '`/swaybot run <runbook> [name=value …]`: start a runbook (its id or file in the runbooks folder)',
  '`/swaybot status <id>`: an incident or a runbook run, by id',
  '`/swaybot help`: this list',
] as const;

/** Parses the text after `/swaybot`. */
export function parseSlackCommand(rawText: string): ParsedCommand {
  const text = unescapeMrkdwn(rawText).trim();
  const [verb = '', ...rest] = words(text);
  switch (verb.toLowerCase()) {
    case '':
    case 'help':
      return ok({ kind: 'help' });
    case 'incident':
    case 'incidents':
      return parseIncident(text, rest);
    case 'run':
      return parseRun(rest);
    case 'status':
      return rest.length === 1 ? ok({ kind: 'status', id: rest[0]! }) : usage('status <id>', rest.length === 0 ? 'no id' : 'more than one id');
    default:
      return { ok: false, error: `Unexpected command ${code(verb, 40)}, expected one of: incident, run, status, help.\n${USAGE_LINES.join('\n')}` };
  }
}

function parseIncident(text: string, args: string[]): ParsedCommand {
  const [sub = '', id, ...more] = args;
  switch (sub.toLowerCase()) {
    case 'list':
    case 'ls':
      if (id === undefined) return ok({ kind: 'incident-list', all: false });
      if (id.toLowerCase() === 'all' && more.length === 0) return ok({ kind: 'incident-list', all: true });
      return usage('incident list [all]', `unexpected ${code(id, 40)}`);
    case 'ack':
    case 'acknowledge':
      if (id === undefined) return usage('incident ack <id>', 'no incident id');
      return more.length === 0 ? ok({ kind: 'incident-ack', id }) : usage('incident ack <id>', 'more than one id');
    case 'resolve': {
      if (id === undefined) return usage('incident resolve <id> [reason]', 'no incident id');
      const reason = restAfter(text, 3);
      return ok(reason === '' ? { kind: 'incident-resolve', id } : { kind: 'incident-resolve', id, reason });
    }
    case 'note': {
      if (id === undefined) return usage('incident note <id> <text>', 'no incident id');
      const note = restAfter(text, 3);
      return note === '' ? usage('incident note <id> <text>', 'no text') : ok({ kind: 'incident-note', id, text: note });
    }
    case '':
      return usage('incident list|ack|resolve|note …', 'no subcommand');
    default:
      return usage('incident list|ack|resolve|note …', `unknown subcommand ${code(sub, 40)}`);
  }
}

function parseRun(args: string[]): ParsedCommand {
  const [runbook, ...params] = args;
  if (runbook === undefined) return usage('run <runbook> [name=value …]', 'no runbook');
  const bad = params.find((p) => p.indexOf('=') <= 0);
  if (bad !== undefined) return usage('run <runbook> [name=value …]', `${code(bad, 40)} is not name=value`);
  return ok({ kind: 'run', runbook, params });
}

/** Words split on whitespace; a double-quoted stretch is one word (`name="two words"`). */
function words(text: string): string[] {
  return [...text.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map((m) => m[0].replace(/"/g, ''));
}

/** The raw text after the first `count` words, spacing and quotes kept (free text: notes, reasons). */
function restAfter(text: string, count: number): string {
  const match = new RegExp(`^(?:\\S+\\s+){${count}}`).exec(text + ' ');
  return match ? (text + ' ').slice(match[0].length).trim() : '';
}

function ok(command: SlackCommand): ParsedCommand {
  return { ok: true, command };
}

function usage(form: string, problem: string): ParsedCommand {
  return { ok: false, error: `Unexpected input (${problem}), expected \`${SLASH_COMMAND} ${form}\`` };
}

