/**
 * `swaybot alert fire <name>`: sends one alert to the alert receiver's generic endpoint, as a
 * monitoring script would, and prints the incident it opened or joined. For drills and for
 * trying routes and runbooks without a Prometheus (docs/alerts.md).
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { collectParam } from '../params.js';

interface FireOptions {
  service: string;
  severity?: string;
  label: string[];
  resolve?: boolean;
  url?: string;
}

/** The receiver's answer to an accepted alert (workers/alerts.ts). */
interface Accepted {
  accepted: number;
  incidents: string[];
  opened?: string[];
}

/** How long the receiver may take: it answers once the alert is durable on Temporal (its own limit is 10 s). */
const ANSWER_TIMEOUT_MS = 15_000;

export function registerAlert(program: Command, ctx: CliContext): void {
  const alert = program.command('alert').description('send alerts to the alert receiver (what `swaybot up` runs)');
  alert.exitOverride();
  alert
    .command('fire')
    .description('send one alert to the receiver; prints the incident it opened or joined')
    .argument('<name>', 'what fired, e.g. DiskFull (the alertname label)')
    .option('--service <service>', 'the service it is about (the service label)', 'unknown')
    .option('--severity <severity>', 'the severity label (default: warning)')
    .option('-l, --label <name=value>', 'another label (repeatable)', collectParam, [])
    .option('--resolve', 'send it as resolved: the alert cleared')
    .option('--url <url>', 'the alert receiver (default: http://127.0.0.1:<alerts.port> from the config)')
    .action(async (name: string, options: FireOptions) => {
      const labels = parseLabels(options.label);
      const base = options.url ?? (await defaultUrl(ctx));
      const endpoint = endpointOf(base);
      const body = {
        name,
        service: options.service,
        status: options.resolve ? 'resolved' : 'firing',
        ...(options.severity !== undefined ? { severity: options.severity } : {}),
        labels,
      };
      const answer = await post(endpoint, body, base);
      const opened = new Set(answer.opened ?? []);
      const { resolveTarget, workflowUrl } = await import('../connect.js');
      const target = resolveTarget(ctx.globals(), ctx.io.env);
      for (const id of answer.incidents) {
        const verb = opened.has(id) ? 'opened' : 'joined';
        ctx.print(`${pc.green('✔')} ${name} (${body.status}) ${verb} incident ${pc.bold(id)}`);
        const link = workflowUrl(target, id);
        if (link) ctx.print(`  ${pc.dim(link)}`);
      }
    });
  for (const command of alert.commands) command.exitOverride();
}

/** `name=value` pairs as labels; a bad pair is a usage error. */
function parseLabels(pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`Unexpected --label \`${pair}\`, expected name=value (e.g. --label instance=db1)`, 2);
    labels[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return labels;
}

async function defaultUrl(ctx: CliContext): Promise<string> {
  const { cliConfig } = await import('../connect.js');
  return `http://127.0.0.1:${cliConfig(ctx.io.env).alerts.port}`;
}

/** The generic endpoint under `base`; a URL that already names it is kept. */
function endpointOf(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new CliError(`Unexpected --url \`${base}\`, expected the receiver's URL such as http://127.0.0.1:9095`, 2);
  }
  if (!url.pathname.endsWith('/api/alerts')) url.pathname = `${url.pathname.replace(/\/$/, '')}/api/alerts`;
  return url;
}

async function post(endpoint: URL, body: unknown, base: string): Promise<Accepted> {
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') throw new CliError(`The alert receiver at ${base} did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
    throw new CliError(`No alert receiver at ${base}: \`swaybot up\` starts one, or pass --url`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const { error, message } = (json ?? {}) as { error?: string; message?: string };
    const why = `${res.status}${error ? ` ${error}` : ''}: ${message ?? text.slice(0, 200)}`;
    if (res.status >= 500) throw new CliError(`The alert receiver at ${base} could not record the alert (${why})`);
    throw new CliError(`The alert receiver at ${base} refused the alert (${why})`);
  }
  if (!isAccepted(json)) throw new CliError(`Unexpected answer from ${endpoint.href}, expected swaybot's alert receiver: ${text.slice(0, 200)}`);
  return json;
}

function isAccepted(json: unknown): json is Accepted {
  const value = json as Accepted | undefined;
  return typeof value === 'object' && value !== null && Array.isArray(value.incidents) && value.incidents.every((id) => typeof id === 'string');
}
