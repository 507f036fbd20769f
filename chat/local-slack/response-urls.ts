/**
 * `response_url`s of the local Slack: each slash command and button click gets
 * one, and what the app posts to it is recorded and applied as Slack applies it
 * (an ephemeral reply to the user, a message in the channel, or the clicked
 * message replaced or deleted). Like Slack's, a URL takes at most five replies.
 */
import { randomBytes } from 'node:crypto';
import { checkBlocks } from './block-check.js';
import type { InteractionOrigin, RecordedResponse, SlackState } from './state.js';

/** Replies a response_url accepts, as Slack documents. */
const MAX_USES = 5;

export interface ResponseAnswer {
  status: number;
  body: { ok: boolean; error?: string };
}

export class ResponseUrls {
  readonly #urls = new Map<string, { origin: InteractionOrigin; uses: number }>();

  constructor(
    readonly state: SlackState,
    /** Base URL of the local Slack, e.g. `http://127.0.0.1:1234`. */
    readonly base: () => string,
  ) {}

  /** A fresh response_url for an interaction. */
  create(origin: InteractionOrigin): string {
    const id = randomBytes(12).toString('hex');
    this.#urls.set(id, { origin, uses: 0 });
    return `${this.base()}/response/${id}`;
  }

  /** Applies what the app posted to `/response/<id>`. */
  receive(id: string, rawBody: string, contentType: string): ResponseAnswer {
    const entry = this.#urls.get(id);
    if (!entry) return { status: 404, body: { ok: false, error: 'no_such_url' } };
    if (entry.uses >= MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    entry.uses += 1;
    const url = `${this.base()}/response/${id}`;
    const body = parseBody(rawBody, contentType);
    const record = (action: RecordedResponse['action'], text: string) => this.state.responses.push({ url, body: body ?? rawBody, at: new Date(), origin: entry.origin, action, text });
    if (body === undefined) {
      record('refused', '');
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    const text = typeof body['text'] === 'string' ? body['text'] : '';
    const blocks = Array.isArray(body['blocks']) ? (body['blocks'] as unknown[]) : undefined;
    if (blocks && checkBlocks(blocks).length > 0) {
      record('refused', text);
      return { status: 400, body: { ok: false, error: 'invalid_blocks' } };
    }
    const { origin } = entry;
    const original = origin.messageTs === undefined ? undefined : this.state.message(origin.channel, origin.messageTs);
    if (body['delete_original'] === true && original) {
      original.deleted = true;
      record('delete', text);
    } else if (body['replace_original'] === true && original) {
      this.state.edit(original, { text, ...(blocks === undefined ? {} : { blocks }) });
      record('replace', text);
    } else if (body['response_type'] === 'in_channel') {
      const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
      this.state.post({ channel: origin.channel, text, ...(blocks === undefined ? {} : { blocks }), ...(threadTs === undefined ? {} : { threadTs }) });
      record('in_channel', text);
    } else {
      this.state.ephemerals.push({ channel: origin.channel, user: origin.userId, ts: this.state.nextTs(), text, ...(blocks === undefined ? {} : { blocks }), via: 'response_url', at: new Date() });
      record('ephemeral', text);
    }
    return { status: 200, body: { ok: true } };
  }
}

/** JSON (what Bolt's `respond` sends) or a form with a `payload` field. */
function parseBody(raw: string, contentType: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = contentType.includes('application/x-www-form-urlencoded') ? JSON.parse(new URLSearchParams(raw).get('payload') ?? '') : JSON.parse(raw);
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
