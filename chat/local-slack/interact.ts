/**
 * Slack's side towards our app: slash commands and button clicks sent to the
 * app's request URL exactly as Slack sends them (form-encoded, with Slack's field
 * names, signed with the signing secret), with options to forge the signature
 * or age the timestamp. Each interaction gets a response_url on the local Slack.
 */
import { randomBytes } from 'node:crypto';
import type { BlockAction, ButtonAction, SlashCommand } from '@slack/bolt';
import { signSlackRequest } from '../signing.js';
import type { ResponseUrls } from './response-urls.js';
import type { SlackState } from './state.js';

/** How to tamper with a request, to test that the app refuses it. */
export interface Forgery {
  /** Sign with the wrong secret. */
  badSignature?: boolean;
  /** Shift the signed timestamp (e.g. -600: ten minutes old, stale). */
  timestampOffsetSec?: number;
  /** Send no signature headers at all. */
  unsigned?: boolean;
}

export interface SlashCommandInput extends Forgery {
  /** Default `/swaybot`. */
  command?: string;
  text: string;
  userId: string;
  /** Default: the local user's name, else the id. */
  userName?: string;
  /** Default: the first channel. */
  channelId?: string;
  /** Default: a fresh response_url on the local Slack. */
  responseUrl?: string;
}

export interface ClickButtonInput extends Forgery {
  userId: string;
  userName?: string;
  actionId: string;
  value: string;
  /** The message clicked on: its channel (id or name) and ts. */
  channel: string;
  messageTs: string;
  /** Default: the block holding a button with `actionId`, else `actions`. */
  blockId?: string;
}

/** The app's answer to a request. */
export interface AppAnswer {
  status: number;
  body: string;
  /** The body parsed, when it was JSON. */
  json?: unknown;
  headers: Record<string, string>;
  /** The response_url the request carried (read its replies with `recorder.responses(url)`). */
  responseUrl: string;
}

export class Interact {
  /** Where the app takes Slack's requests (Bolt's default path is `/slack/events`). */
  appUrl: string | undefined;
  readonly #state: SlackState;
  readonly #responseUrls: ResponseUrls;
  readonly #signingSecret: string;

  constructor(options: { state: SlackState; responseUrls: ResponseUrls; signingSecret: string; appUrl?: string }) {
    this.#state = options.state;
    this.#responseUrls = options.responseUrls;
    this.#signingSecret = options.signingSecret;
    this.appUrl = options.appUrl;
  }

  /** Sends a slash command as Slack does and returns the app's answer (its ack). */
  async slashCommand(input: SlashCommandInput): Promise<AppAnswer> {
    const channel = this.#channel(input.channelId ?? this.#state.channels[0]?.id ?? '');
    const responseUrl = input.responseUrl ?? this.#responseUrls.create({ kind: 'command', channel: channel.id, userId: input.userId });
    const id = this.#state.identity;
    const command = {
      token: 'local-verification-token',
      team_id: id.teamId,
      team_domain: id.teamDomain,
      channel_id: channel.id,
      channel_name: channel.name,
      user_id: input.userId,
      user_name: input.userName ?? this.#userName(input.userId),
      command: input.command ?? '/swaybot',
      text: input.text,
      api_app_id: id.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId(),
    } satisfies SlashCommand;
    return this.#send(new URLSearchParams(command).toString(), input, responseUrl);
  }

  /** Clicks a button of a message as Slack does (`block_actions`) and returns the app's answer. */
  async clickButton(input: ClickButtonInput): Promise<AppAnswer> {
    const channel = this.#channel(input.channel);
    const message = this.#state.message(channel.id, input.messageTs);
    const found = findButton(message?.blocks ?? [], input.actionId);
    const responseUrl = this.#responseUrls.create({ kind: 'button', channel: channel.id, userId: input.userId, messageTs: input.messageTs });
    const id = this.#state.identity;
    const userName = input.userName ?? this.#userName(input.userId);
    const action: ButtonAction = {
      type: 'button',
      action_id: input.actionId,
      block_id: input.blockId ?? found?.blockId ?? 'actions',
      text: { type: 'plain_text', text: found?.text ?? input.actionId, emoji: true },
      value: input.value,
      ...(found?.style === undefined ? {} : { style: found.style }),
      action_ts: this.#state.nextTs(),
    };
    const payload = {
      type: 'block_actions',
      user: { id: input.userId, username: userName, name: userName, team_id: id.teamId },
      api_app_id: id.appId,
      token: 'local-verification-token',
      container: { type: 'message', message_ts: input.messageTs, channel_id: channel.id, is_ephemeral: false },
      trigger_id: triggerId(),
      team: { id: id.teamId, domain: id.teamDomain },
      is_enterprise_install: false,
      channel: { id: channel.id, name: channel.name },
      message: {
        type: 'message',
        ts: input.messageTs,
        text: message?.text ?? '',
        user: message?.user ?? id.botUserId,
        bot_id: id.botId,
        app_id: id.appId,
        team: id.teamId,
        ...(message?.blocks === undefined ? {} : { blocks: message.blocks }),
        ...(message?.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
        ...(message?.metadata === undefined ? {} : { metadata: message.metadata }),
      },
      state: { values: {} },
      response_url: responseUrl,
      actions: [action],
    } satisfies BlockAction<ButtonAction>;
    return this.#send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), input, responseUrl);
  }

  async #send(body: string, forgery: Forgery, responseUrl: string): Promise<AppAnswer> {
    if (this.appUrl === undefined) throw new Error('Cannot send to the app without its URL: pass `appUrl` to startLocalSlack or set `interact.appUrl`');
    const timestamp = Math.floor(Date.now() / 1000) + (forgery.timestampOffsetSec ?? 0);
    const secret = forgery.badSignature ? `${this.#signingSecret}-forged` : this.#signingSecret;
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (!forgery.unsigned) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = signSlackRequest(secret, timestamp, body);
    }
    const response = await fetch(this.appUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    const answer: AppAnswer = { status: response.status, body: text, headers: Object.fromEntries(response.headers), responseUrl };
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        answer.json = JSON.parse(text) as unknown;
      } catch {
        // Left as text: the app said JSON and sent something else.
      }
    }
    return answer;
  }

  #channel(ref: string) {
    const channel = this.#state.channel(ref, { byName: true });
    if (!channel) throw new Error(`Cannot interact in channel \`${ref}\`: the local Slack has ${this.#state.channels.map((c) => c.id).join(', ')}`);
    return channel;
  }

  #userName(userId: string): string {
    return this.#state.user(userId)?.name ?? userId;
  }
}

function findButton(blocks: unknown[], actionId: string): { blockId?: string; text?: string; style?: 'primary' | 'danger' } | undefined {
  for (const block of blocks as { block_id?: string; elements?: unknown }[]) {
    if (!Array.isArray(block.elements)) continue;
    for (const element of block.elements as { action_id?: string; text?: { text?: string }; style?: 'primary' | 'danger' }[]) {
      if (element.action_id !== actionId) continue;
      return {
        ...(block.block_id === undefined ? {} : { blockId: block.block_id }),
        ...(element.text?.text === undefined ? {} : { text: element.text.text }),
        ...(element.style === undefined ? {} : { style: element.style }),
      };
    }
  }
  return undefined;
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(6).toString('hex')}`;
}
