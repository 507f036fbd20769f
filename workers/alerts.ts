/**
 * The alert receiver: a small HTTP server that turns alerts into incidents.
 *
 * - `POST /api/alertmanager`: Alertmanager's webhook (version 4).
 * - `POST /api/alerts`: swaybot's generic JSON (scripts, `swaybot alert fire`).
 * - `GET /metrics`: Prometheus metrics (alerts-metrics.ts), `GET /healthz`: liveness.
 *
 * A request is answered 2xx only once every alert in it is durable on the Temporal server
 * (a `signalWithStart` per alert), so a sender that got 200 never needs to send again, and
 * one that got 5xx (Temporal unreachable) retries. Bad bodies are answered 4xx, which
 * Alertmanager does not retry, with nothing started. docs/alerts.md is the user's view.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import { defaultLogger, type ActivityLogger } from '../activities/logger.js';
import type { Config } from '../config/schema.js';
import type { AlertInput } from '../incidents/types.js';
import { parseAlertmanager } from '../incidents/alertmanager.js';
import { parseGeneric } from '../incidents/generic.js';
import { discardRest, readBody } from './alerts-body.js';
import { landAlerts } from './alerts-intake.js';
import { createAlertMetrics, type AlertEndpoint } from './alerts-metrics.js';

export type AlertLog = Pick<ActivityLogger, 'info' | 'warn' | 'error'>;

export interface AlertReceiverOptions {
  client: Client;
  /** Where incident workflows run (the worker's task queue). */
  taskQueue: string;
  config: Config;
  /** Default loopback; alerts come from the local Alertmanager or an operator. */
  host?: string;
  /** 0 (the default) picks a free port; `config.alerts.port` in production. */
  port?: number;
  log?: AlertLog;
  /** How long a request may wait for Temporal before it is answered 503 (default 10 s). */
  acceptTimeoutMs?: number;
}

export interface AlertReceiver {
  /** Base URL, e.g. `http://127.0.0.1:9095`. */
  url: string;
  port: number;
  /** Prometheus registry of the receiver's metrics (also served on `/metrics`). */
  registry: Registry;
  /**
   * Stops accepting, lets requests in flight finish, closes every connection, and waits for
   * Temporal calls still retrying after a 503; close the Temporal connection after this.
   */
  close(): Promise<void>;
}

/** The shape both payload parsers share (incidents/alertmanager.ts, incidents/generic.ts). */
type Parser = (body: unknown, receivedAt: string) => { ok: true; alerts: AlertInput[] } | { ok: false; reason: string; message: string };

const ENDPOINTS: Record<string, { endpoint: AlertEndpoint; parse: Parser }> = {
  '/api/alertmanager': { endpoint: 'alertmanager', parse: parseAlertmanager },
  '/api/alerts': { endpoint: 'generic', parse: parseGeneric },
};

/** Longest piece of a refused body that goes into the log line. */
const LOGGED_BODY_CHARS = 200;

/** Starts the receiver on `host:port` and resolves once it listens. */
export async function startAlertReceiver(options: AlertReceiverOptions): Promise<AlertReceiver> {
  const { client, taskQueue, config } = options;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? defaultLogger({ name: 'swaybot-alerts' });
  const metrics = createAlertMetrics();
  const timeoutMs = options.acceptTimeoutMs ?? 10_000;
  const lingering = new Set<Promise<unknown>>();
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const route = ENDPOINTS[path];
    if (route && req.method === 'POST') return intake(req, res, route.endpoint, route.parse);
    if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
      return;
    }
    if (path === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok\n');
      return;
    }
    if (route || path === '/metrics' || path === '/healthz') {
      const allow = route ? 'POST' : 'GET';
      sendJson(res, 405, { error: 'method-not-allowed', message: `${req.method} ${path}: expected ${allow}` }, { allow });
      return;
    }
    sendJson(res, 404, { error: 'not-found', message: `No route ${path}; alerts go to POST /api/alertmanager (Alertmanager webhook) or POST /api/alerts (generic JSON)` });
  };

  const intake = async (req: IncomingMessage, res: ServerResponse, endpoint: AlertEndpoint, parse: Parser): Promise<void> => {
    const started = process.hrtime.bigint();
    const receivedAt = new Date().toISOString();
    metrics.received.inc({ endpoint });
    const refuse = (status: number, reason: string, message: string, body?: string) => {
      metrics.rejected.inc({ reason });
      log.warn({ endpoint, status, reason, ...(body !== undefined ? { body: body.slice(0, LOGGED_BODY_CHARS) } : {}) }, `alert request refused: ${message}`);
      sendJson(res, status, { error: reason, message });
      // The unread rest of an oversized body: thrown away, briefly, so the sender sees the 413.
      if (status === 413) discardRest(req);
    };

    const body = await readBody(req, config.alerts.maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'body-too-large') return refuse(413, body.reason, body.message);
      log.warn({ endpoint, reason: body.reason }, `alert request abandoned: ${body.message}`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (err) {
      return refuse(400, 'invalid-json', `Request body is not valid JSON: ${(err as Error).message}`, body.text);
    }
    const parsed = parse(json, receivedAt);
    if (!parsed.ok) return refuse(400, parsed.reason, parsed.message, body.text);

    const landed = await landAlerts(parsed.alerts, { client, taskQueue, config, metrics, timeoutMs, lingering });
    if (!landed.ok) return refuse(503, landed.reason, landed.message);
    sendJson(res, 200, { accepted: landed.accepted, incidents: landed.incidents, opened: landed.opened });
    metrics.acceptSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    log.info({ endpoint, accepted: landed.accepted, incidents: landed.incidents, opened: landed.opened }, `accepted ${landed.accepted} alert(s) into ${landed.incidents.length} incident(s)`);
  };

  const server = createServer((req, res) => {
    inFlight++;
    handle(req, res)
      .catch((err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'alert receiver failed on a request');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'The alert receiver failed; see its log' });
        else res.destroy();
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
  });
  server.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    registry: metrics.registry,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      server.closeAllConnections();
      await closed;
      // Calls a 503 gave up on are still retrying; the caller may close the connection only after them.
      await Promise.all([...lingering]);
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(`${JSON.stringify(body)}\n`);
}

