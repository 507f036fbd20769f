/**
 * The chat the worker's incident activities talk to: Slack when a bot token is
 * configured (its environment variable, config `slack.botToken.env`), else the
 * console notifier, which prints the same content into the worker's output
 * (`swaybot up` shows it), the embedded default.
 */
import { ConsoleNotifier } from '../chat/console-notifier.js';
import type { Notifier } from '../chat/notifier.js';
import { SlackNotifier } from '../chat/slack-notifier.js';
import type { Config } from '../config/schema.js';

export function notifierFromConfig(config: Config, env: NodeJS.ProcessEnv, print: (line: string) => void): { notifier: Notifier; kind: 'slack' | 'console' } {
  const token = env[config.slack.botToken.env];
  if (token) return { notifier: new SlackNotifier({ token, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) }), kind: 'slack' };
  return { notifier: new ConsoleNotifier({ print }), kind: 'console' };
}
