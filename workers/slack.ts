/**
 * The Slack app (Bolt): `/swaybot` slash commands and the incident message's
 * buttons, acting on incidents and runbook runs through the client library.
 *
 * HTTP mode listens on 127.0.0.1 (put a TLS proxy or tunnel in front) at
 * `/slack/commands` (slash command URL), `/slack/actions` (interactivity URL)
 * and `/slack/events`; Bolt checks every request's signature and refuses (401)
 * a bad one or one older than 5 minutes before any handler runs, so nothing of
 * it reaches Temporal; refusals are counted on `counters.refused`. Socket Mode
 * (`slack.socketMode`) dials out to Slack instead. docs/slack.md is the user's view.
 *
 * Slack wants an answer within 3 seconds: a handler that finishes within
 * `ackBudgetMs` answers in the HTTP response; a slower one answers "working on
 * it" and posts its result to the request's `response_url` when done.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type BlockAction, type ButtonAction, type RespondFn } from '@slack/bolt';
import type { Client } from '@temporalio/client';
import { slackSigner } from '../approvals/service-key.js';
import { defaultLogger } from '../activities/logger.js';
import type { Config } from '../config/schema.js';
import { answerClick, CLICK_ACTIONS } from './slack-clicks.js';
import { answerCapacityClick, CAPACITY_CLICKS } from './slack-capacity.js';
import { SLASH_COMMAND } from './slack-command.js';
import { answerCommand } from './slack-commands.js';
import type { SlackContext } from './slack-context.js';
import { createSlackCounters, refusalReason, type SlackAppCounters } from './slack-counters.js';
import { boltLogger, type SlackLog } from './slack-log.js';
import { slackAppOptions, slackSecrets } from './slack-options.js';
import { ephemeral, type SlackReply } from './slack-reply.js';

export { SLACK_ENDPOINTS, SlackConfigError } from './slack-options.js';
export type { SlackAppCounters } from './slack-counters.js';

export interface SlackAppOptions {
  /** Temporal client the app acts with. */
  client: Client;
  config: Config;
  /** Where the secrets named by config `slack` are read (usually `process.env`). */
  env: NodeJS.ProcessEnv;
  /** Task queue of the ops worker (runbook runs started from Slack). */
  taskQueue: string;
  /** HTTP mode: the port (0 picks a free one); default config `slack.port`. */
  port?: number;
  /** HTTP mode: the address to listen on; default 127.0.0.1. */
  host?: string;
  log?: SlackLog;
  /** How long a handler may run before Slack is answered "working on it" (default 2500 ms, under Slack's 3 s). */
  ackBudgetMs?: number;
}

export interface SlackApp {
  mode: 'http' | 'socket';
  /** HTTP mode: base URL, e.g. `http://127.0.0.1:3000` (endpoints under `/slack/`); undefined in Socket Mode. */
  url: string | undefined;
  port: number | undefined;
  /** Live counts of refused requests and how commands and clicks ended. */
  counters: Readonly<SlackAppCounters>;
  /** Stops taking requests and closes the listener (HTTP) or the socket (Socket Mode). */
  stop(): Promise<void>;
}

const DEFAULT_ACK_BUDGET_MS = 2500;

/**
 * Starts the Slack app and resolves once it takes requests. Rejects with a `SlackConfigError`
 * naming each unset secret variable, or when Slack refuses the bot token (`auth.test`).
 */
export async function startSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const { config } = options;
  const log = options.log ?? defaultLogger({ name: 'swaybot-slack' });
  const secrets = slackSecrets(config, options.env);
  const app = new App(slackAppOptions(config, secrets, boltLogger(log, Object.values(secrets))));
  const counters = createSlackCounters();
  const signer = slackSigner(config.slack, options.env);
  const ctx: SlackContext = { client: options.client, config, taskQueue: options.taskQueue, counters, log, ...(signer ? { signer } : {}) };
  const budget = options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;

  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    const reply = answerCommand(ctx, command.user_id, command.text);
    const quick = await within(reply, budget);
    if (quick !== undefined) return ack(ephemeral(quick));
    await ack(ephemeral({ text: ':hourglass_flowing_sand: Working on it…' }));
    answerLater(reply, respond, log);
  });
  for (const [action, actionId] of CLICK_ACTIONS) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action: button, respond }) => {
      await ack();
      const reply = answerClick(ctx, { action, slackUserId: body.user.id, value: button.value ?? '' });
      const quick = await within(reply, budget);
      if (quick === undefined) return answerLater(reply, respond, log);
      await respond(ephemeral(quick)).catch((err: unknown) => logRespondError(log, err));
    });
  }
  for (const [action, actionId] of CAPACITY_CLICKS) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action: button, respond }) => {
      await ack();
      const reply = answerCapacityClick(ctx, { action, slackUserId: body.user.id, value: button.value ?? '' });
      const quick = await within(reply, budget);
      if (quick === undefined) return answerLater(reply, respond, log);
      await respond(ephemeral(quick)).catch((err: unknown) => logRespondError(log, err));
    });
  }
  app.error(async (error) => {
    counters.failed++;
    log.error({ err: `${error.name}: ${error.message}`, code: error.code }, 'slack: a handler failed');
  });

  try {
    await app.init();
  } catch (err) {
    throw new Error(`Cannot start the Slack app: Slack's auth.test refused the bot token (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  if (config.slack.socketMode) {
    await app.start();
    log.info({ mode: 'socket' }, 'slack app connected (Socket Mode)');
    return { mode: 'socket', url: undefined, port: undefined, counters, stop: async () => void (await app.stop()) };
  }

  const host = options.host ?? '127.0.0.1';
  const server = (await app.start({ port: options.port ?? config.slack.port, host })) as unknown as Server;
  // Bolt answers a request it refused with a bare 401; the headers say why, for the counters.
  server.prependListener('request', (req, res) => {
    res.once('finish', () => {
      if (res.statusCode !== 401) return;
      const reason = refusalReason(req.headers);
      counters.refused[reason]++;
      log.warn({ reason, path: req.url }, 'slack: request refused by signature verification');
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ mode: 'http', url }, 'slack app listening');
  return {
    mode: 'http',
    url,
    port,
    counters,
    async stop() {
      const stopped = app.stop();
      server.closeIdleConnections();
      await stopped;
    },
  };
}

/** The reply when it settles within `ms`, else undefined (it goes on). `reply` never rejects. */
async function within(reply: Promise<SlackReply>, ms: number): Promise<SlackReply | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([reply, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Posts a slow handler's reply to the request's `response_url` once it is ready. */
function answerLater(reply: Promise<SlackReply>, respond: RespondFn, log: SlackLog): void {
  reply.then((r) => respond(ephemeral(r))).catch((err: unknown) => logRespondError(log, err));
}

function logRespondError(log: SlackLog, err: unknown): void {
  log.warn({ err: err instanceof Error ? err.message : String(err) }, 'slack: could not post the answer to response_url');
}
