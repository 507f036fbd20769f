/**
 * A local Slack for tests and the demo: a `node:http` server on 127.0.0.1 that
 * speaks Slack's Web API (the methods swaybot uses, with Slack's shapes and
 * error codes), injects faults on request, records everything, and plays
 * Slack's side towards the app (signed slash commands and button clicks).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults.js';
import { Interact } from './interact.js';
import { Recorder } from './recorder.js';
import { ResponseUrls } from './response-urls.js';
import { createHandler } from './server.js';
import { DEFAULT_IDENTITY, SlackState, type LocalChannel, type LocalUser } from './state.js';

export type { Fault } from './faults.js';
export type { AppAnswer, ClickButtonInput, Forgery, SlashCommandInput } from './interact.js';
export type { MessageQuery } from './recorder.js';
export type { InteractionOrigin, LocalChannel, LocalEphemeral, LocalMessage, LocalUser, RecordedCall, RecordedResponse } from './state.js';
export { Faults, Interact, Recorder };

export interface LocalSlackOptions {
  /** 0 (default): a free port. */
  port?: number;
  signingSecret: string;
  botToken: string;
  /** Where the app takes Slack's requests (settable later as `interact.appUrl`). */
  appUrl?: string;
  /** Default: one public channel, id `C-INCIDENTS`, name `incidents`, with the bot in it. */
  channels?: { id: string; name: string; member?: boolean; isPrivate?: boolean }[];
  /** Default: alice (`U-ALICE`), bob (`U-BOB`), carol (`U-CAROL`). */
  users?: { id: string; name: string; realName?: string }[];
}

export interface LocalSlack {
  /** Web API base URL, ending in `/api/` (the SDK's `slackApiUrl`). */
  url: string;
  recorder: Recorder;
  faults: Faults;
  interact: Interact;
  close(): Promise<void>;
}

export const DEFAULT_CHANNELS = [{ id: 'C-INCIDENTS', name: 'incidents' }];
export const DEFAULT_USERS = [
  { id: 'U-ALICE', name: 'alice' },
  { id: 'U-BOB', name: 'bob' },
  { id: 'U-CAROL', name: 'carol' },
];

/** Starts a local Slack on 127.0.0.1. */
export async function startLocalSlack(options: LocalSlackOptions): Promise<LocalSlack> {
  const created = Math.floor(Date.now() / 1000);
  const channels: LocalChannel[] = (options.channels ?? DEFAULT_CHANNELS).map((c) => ({
    id: c.id,
    name: c.name.replace(/^#/, ''),
    member: 'member' in c ? c.member !== false : true,
    isPrivate: 'isPrivate' in c ? c.isPrivate === true : false,
    created,
  }));
  const users: LocalUser[] = (options.users ?? DEFAULT_USERS).map((u) => ({ id: u.id, name: u.name, realName: 'realName' in u && typeof u.realName === 'string' ? u.realName : u.name }));
  const state = new SlackState(DEFAULT_IDENTITY, channels, users);
  const faults = new Faults();
  let base = '';
  const responseUrls = new ResponseUrls(state, () => base);
  const server = createServer(createHandler({ state, faults, responseUrls, botToken: options.botToken }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.baseUrl = base;
  const interact = new Interact({ state, responseUrls, signingSecret: options.signingSecret, ...(options.appUrl === undefined ? {} : { appUrl: options.appUrl }) });
  return {
    url: `${base}/api/`,
    recorder: new Recorder(state),
    faults,
    interact,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
