/**
 * The Bolt `App` options of the Slack app, from config `slack` and the process
 * environment: the secrets come only from the environment variables the config
 * names, every missing one is named at once, and none is ever logged.
 *
 * HTTP mode (the default) verifies each request's signature and answers only
 * after the handler ran (`processBeforeResponse`); Socket Mode (`slack.socketMode`)
 * needs no public URL: the app dials out to Slack with an app-level token.
 */
import { LogLevel, type AppOptions, type Logger } from '@slack/bolt';
import type { Config } from '../config/schema.js';

/** Paths the HTTP receiver answers (all alike: Bolt tells commands, clicks and events apart by body). */
export const SLACK_ENDPOINTS = { events: '/slack/events', commands: '/slack/commands', actions: '/slack/actions' } as const;

/** A secret the config names is not set in the environment. */
export class SlackConfigError extends Error {
  override name = 'SlackConfigError';
}

export interface SlackSecrets {
  botToken: string;
  /** HTTP mode only. */
  signingSecret?: string;
  /** Socket Mode only. */
  appToken?: string;
}

/**
 * The secrets the configured mode needs, read from `env` under the names config `slack` gives;
 * throws `SlackConfigError` naming every variable that is unset or empty (never a value).
 */
export function slackSecrets(config: Config, env: NodeJS.ProcessEnv): SlackSecrets {
  const { botToken, signingSecret, appToken, socketMode } = config.slack;
  const wanted = [
    { what: 'the bot token', key: 'botToken', ref: botToken },
    socketMode ? { what: 'the app-level token', key: 'appToken', ref: appToken } : { what: 'the signing secret', key: 'signingSecret', ref: signingSecret },
  ];
  const missing = wanted.filter(({ ref }) => !env[ref.env]);
  if (missing.length > 0) {
    const names = missing.map(({ what, key, ref }) => `${ref.env} (${what}; config slack.${key}.env)`);
    throw new SlackConfigError(`Cannot start the Slack app: set ${names.join(' and ')} in its environment (docs/slack.md says where to find ${missing.length > 1 ? 'them' : 'it'})`);
  }
  const value = (name: string) => env[name] as string;
  return socketMode ? { botToken: value(botToken.env), appToken: value(appToken.env) } : { botToken: value(botToken.env), signingSecret: value(signingSecret.env) };
}

/**
 * Bolt `App` options for `config`: initialisation deferred (the caller's `app.init()` checks the bot
 * token with `auth.test`, so a bad token fails the start), Web API calls to `slack.apiUrl` when set
 * (the local Slack), no conversation store (nothing here keeps per-conversation state).
 */
export function slackAppOptions(config: Config, secrets: SlackSecrets, logger: Logger): AppOptions {
  const common: AppOptions = {
    token: secrets.botToken,
    logger,
    logLevel: LogLevel.INFO,
    deferInitialization: true,
    convoStore: false,
    clientOptions: {
      ...(config.slack.apiUrl !== undefined ? { slackApiUrl: config.slack.apiUrl } : {}),
      logger,
      retryConfig: { retries: 2 },
      timeout: 10_000,
    },
  };
  if (config.slack.socketMode) {
    if (secrets.appToken === undefined) throw new SlackConfigError('Cannot start the Slack app in Socket Mode without an app-level token');
    return { ...common, socketMode: true, appToken: secrets.appToken };
  }
  if (secrets.signingSecret === undefined) throw new SlackConfigError('Cannot start the Slack app over HTTP without a signing secret');
  return {
    ...common,
    socketMode: false,
    signingSecret: secrets.signingSecret,
    endpoints: Object.values(SLACK_ENDPOINTS),
    // Answer Slack only once the handler finished: a click is acknowledged after it acted.
    processBeforeResponse: true,
  };
}
