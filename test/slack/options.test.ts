/**
 * The Slack app's options, secrets and small helpers, without a network: HTTP mode
 * and Socket Mode options as Bolt takes them (Socket Mode is checked here only: it
 * would dial out to Slack), secrets named but never shown, refusal reasons read from
 * headers as Bolt checks them, typed runbook parameters, and the log adapter's scrub.
 */
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { configSchema, type Config } from '../../config/schema.js';
import { refusalReason } from '../../workers/slack-counters.js';
import { boltLogger } from '../../workers/slack-log.js';
import { SLACK_ENDPOINTS, SlackConfigError, slackAppOptions, slackSecrets } from '../../workers/slack-options.js';
import { typedParams } from '../../workers/slack-runbook.js';
import { captureLog } from './harness.js';

const config = (slack: Record<string, unknown> = {}): Config => configSchema.parse({ slack });
const env = { SLACK_BOT_TOKEN: 'xoxb-secret-token', SLACK_SIGNING_SECRET: 'shh-signing', SLACK_APP_TOKEN: 'xapp-secret-app' };
/** Bolt keeps its receiver private; the tests look at which one it built. */
const receiverOf = (app: App) => (app as unknown as { receiver: unknown }).receiver;

describe('slackSecrets', () => {
  it('reads the secrets the mode needs from the variables config names', () => {
    expect(slackSecrets(config(), env)).toEqual({ botToken: 'xoxb-secret-token', signingSecret: 'shh-signing' });
    expect(slackSecrets(config({ socketMode: true }), env)).toEqual({ botToken: 'xoxb-secret-token', appToken: 'xapp-secret-app' });
    const renamed = config({ botToken: { env: 'MY_BOT' }, signingSecret: { env: 'MY_SIGNING' } });
    expect(slackSecrets(renamed, { MY_BOT: 'b', MY_SIGNING: 's' })).toEqual({ botToken: 'b', signingSecret: 's' });
  });

  it('names every missing variable at once, and shows no value', () => {
    const call = () => slackSecrets(config(), { SLACK_APP_TOKEN: 'xapp-secret-app' });
    expect(call).toThrow(SlackConfigError);
    expect(call).toThrow(
      'Cannot start the Slack app: set SLACK_BOT_TOKEN (the bot token; config slack.botToken.env) and SLACK_SIGNING_SECRET (the signing secret; config slack.signingSecret.env) in its environment (docs/slack.md says where to find them)',
    );
    expect(() => slackSecrets(config({ socketMode: true }), { SLACK_BOT_TOKEN: 'x', SLACK_APP_TOKEN: '' })).toThrow(/set SLACK_APP_TOKEN \(the app-level token; config slack\.appToken\.env\)/);
  });
});

describe('slackAppOptions', () => {
  const logger = boltLogger(captureLog().log, []);

  it('HTTP mode: signature verification on the three endpoints, answered after the handler, Web API at slack.apiUrl', () => {
    const options = slackAppOptions(config({ apiUrl: 'http://127.0.0.1:9/api/' }), slackSecrets(config(), env), logger);
    expect(options).toMatchObject({
      token: 'xoxb-secret-token',
      signingSecret: 'shh-signing',
      socketMode: false,
      endpoints: [SLACK_ENDPOINTS.events, SLACK_ENDPOINTS.commands, SLACK_ENDPOINTS.actions],
      processBeforeResponse: true,
      deferInitialization: true,
      clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' },
    });
    expect(options).not.toHaveProperty('appToken');
    expect(receiverOf(new App(options))).toBeInstanceOf(HTTPReceiver);
  });

  it('Socket Mode: the app-level token and no signing secret; Bolt builds its Socket Mode receiver (nothing connects until start)', () => {
    const socket = config({ socketMode: true, apiUrl: 'http://127.0.0.1:9/api/' });
    const options = slackAppOptions(socket, slackSecrets(socket, env), logger);
    expect(options).toMatchObject({ token: 'xoxb-secret-token', socketMode: true, appToken: 'xapp-secret-app', clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' } });
    expect(options).not.toHaveProperty('signingSecret');
    expect(options).not.toHaveProperty('endpoints');
    expect(receiverOf(new App(options))).toBeInstanceOf(SocketModeReceiver);
  });

  it('Web API at Slack itself when slack.apiUrl is unset', () => {
    expect(slackAppOptions(config(), slackSecrets(config(), env), logger).clientOptions).not.toHaveProperty('slackApiUrl');
  });
});

describe('refusalReason', () => {
  const now = 1_800_000_000;
  it('tells missing headers, stale timestamps and bad signatures apart, in the order Bolt checks them', () => {
    expect(refusalReason({}, now)).toBe('missing-headers');
    expect(refusalReason({ 'x-slack-signature': 'v0=abc' }, now)).toBe('missing-headers');
    expect(refusalReason({ 'x-slack-request-timestamp': String(now) }, now)).toBe('missing-headers');
    expect(refusalReason({ 'x-slack-request-timestamp': String(now - 301), 'x-slack-signature': 'v0=abc' }, now)).toBe('stale');
    expect(refusalReason({ 'x-slack-request-timestamp': String(now - 301) }, now)).toBe('stale');
    expect(refusalReason({ 'x-slack-request-timestamp': String(now - 299), 'x-slack-signature': 'v0=abc' }, now)).toBe('bad-signature');
  });
});

describe('typedParams', () => {
  const specs = [
    { name: 'who', type: 'string' as const, required: true },
    { name: 'times', type: 'number' as const, required: false, default: 1 },
    { name: 'loud', type: 'boolean' as const, required: false, default: false },
  ];
  it('types values as the plan declares them; undeclared names stay strings', () => {
    expect(typedParams(['who=a=b', 'times=2', 'loud=yes', 'extra=1'], specs)).toEqual({ ok: true, values: { who: 'a=b', times: 2, loud: true, extra: '1' } });
  });
  it('refuses bad values, repeats and odd names with a sentence', () => {
    expect(typedParams(['times=two'], specs)).toEqual({ ok: false, error: 'Unexpected `times=two`, expected a number' });
    expect(typedParams(['loud=maybe'], specs)).toEqual({ ok: false, error: 'Unexpected `loud=maybe`, expected true or false' });
    expect(typedParams(['who=a', 'who=b'], specs)).toEqual({ ok: false, error: 'Unexpected second `who=`, expected each parameter once' });
    expect(typedParams(['__proto__=x'], specs)).toEqual({ ok: true, values: JSON.parse('{"__proto__":"x"}') as unknown });
  });
});

describe('boltLogger', () => {
  it("writes Bolt's lines at their level with the secrets scrubbed, and drops debug unless asked", () => {
    const capture = captureLog();
    const logger = boltLogger(capture.log, ['xoxb-secret-token']);
    logger.warn('token', 'xoxb-secret-token', 'was refused');
    logger.debug('noise');
    logger.error(new Error('boom xoxb-secret-token'));
    expect(capture.lines).toEqual([
      { level: 'warn', obj: { source: 'bolt' }, msg: 'token [redacted] was refused' },
      { level: 'error', obj: { source: 'bolt' }, msg: 'boom [redacted]' },
    ]);
  });
});
