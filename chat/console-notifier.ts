/**
 * The console notifier: the embedded default when no Slack token is configured.
 * It prints what would go to Slack as readable lines (`swaybot up` shows them):
 * a boxed status message, "updated: …" for updates, thread replies indented
 * under their incident. Like Slack it answers with channel and ts, and a key it
 * has seen is not printed again.
 */
import type { ChatRef } from '../incidents/types.js';
import type { Block, ChatMessage, ChatUpdate, Notifier } from './notifier.js';
import { mrkdwnToPlain } from './slack-text.js';

export interface ConsoleNotifierOptions {
  /** Where lines go (one call per line, no trailing newline). */
  print: (line: string) => void;
  /** Clock for message ts values (ms since the epoch); defaults to `Date.now`. */
  now?: () => number;
}

const BOX_WIDTH = 72;

/** Prints incident messages instead of posting them. */
export class ConsoleNotifier implements Notifier {
  readonly #print: (line: string) => void;
  readonly #now: () => number;
  /** key → where its message "is". */
  readonly #posted = new Map<string, ChatRef>();
  /** ts of a posted message → its first line, to name the thread a reply belongs to. */
  readonly #titles = new Map<string, string>();
  #lastMicros = 0;
  /** The thread the last printed line was in, so consecutive replies skip naming it. */
  #lastThread: string | undefined;

  constructor(options: ConsoleNotifierOptions) {
    this.#print = options.print;
    this.#now = options.now ?? Date.now;
  }

  post(message: ChatMessage): Promise<ChatRef> {
    const seen = this.#posted.get(message.key);
    if (seen) return Promise.resolve(seen);
    const ref = { channel: message.channel, ts: this.#nextTs() };
    this.#posted.set(message.key, ref);
    const lines = messageLines(message.text, message.blocks);
    if (message.image) lines.push(`📈 ${message.image.title}: ${message.image.path}`);
    this.#titles.set(ref.ts, lines[0] ?? '');
    if (message.threadTs === undefined) this.#printBox(message.channel, lines);
    else this.#printReply(message.threadTs, lines);
    return Promise.resolve(ref);
  }

  update(update: ChatUpdate): Promise<void> {
    this.#lastThread = undefined;
    this.#print(`updated: ${oneLine(mrkdwnToPlain(update.text))}`);
    return Promise.resolve();
  }

  #printBox(channel: string, lines: string[]): void {
    this.#lastThread = undefined;
    this.#print(`┌─ ${channel} ${'─'.repeat(Math.max(0, BOX_WIDTH - channel.length - 4))}`);
    for (const line of lines) this.#print(`│ ${line}`);
    this.#print(`└${'─'.repeat(BOX_WIDTH - 1)}`);
  }

  #printReply(threadTs: string, lines: string[]): void {
    if (this.#lastThread !== threadTs) {
      const title = this.#titles.get(threadTs);
      this.#print(`  ┆ in thread of: ${title ?? threadTs}`);
      this.#lastThread = threadTs;
    }
    lines.forEach((line, i) => this.#print(`  ${i === 0 ? '↳' : ' '} ${line}`));
  }

  /** Slack-like `<seconds>.<6 digits>`, strictly increasing. */
  #nextTs(): string {
    const micros = Math.max(this.#now() * 1000, this.#lastMicros + 1);
    this.#lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }
}

/** A message as text lines: its blocks when it has some, else its text. */
export function messageLines(text: string, blocks: Block[] | undefined): string[] {
  if (!blocks || blocks.length === 0) return mrkdwnToPlain(text).split('\n');
  return blocks.flatMap(blockLines);
}

function blockLines(block: Block): string[] {
  switch (block['type']) {
    case 'header':
      return [textOf(block['text'])];
    case 'section': {
      const lines = block['text'] === undefined ? [] : textOf(block['text']).split('\n');
      const fields = asArray(block['fields']).map((field) => textOf(field).replace(/^\*([^*]+)\*\n/, '$1: ').replace(/\n/g, ' '));
      if (fields.length > 0) lines.push(fields.join(' · '));
      return lines;
    }
    case 'context':
      return [asArray(block['elements']).map(textOf).join(' ')];
    case 'actions':
      return [asArray(block['elements']).map((element) => `[${textOf((element as Block)['text'])}]`).join(' ')];
    case 'divider':
      return ['─'.repeat(20)];
    default:
      return [];
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return mrkdwnToPlain(value);
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
    const object = value as { type?: unknown; text: string };
    return object.type === 'plain_text' ? object.text : mrkdwnToPlain(object.text);
  }
  return '';
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
