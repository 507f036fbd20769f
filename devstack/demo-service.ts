/**
 * A small local HTTP service for the demo runbook to look after. It starts
 * "degraded" (a deep queue) so the runbook's interesting path runs: drain,
 * restart (which makes it healthy), undrain.
 *
 *   GET  /health   → {"status":"ok"|"degraded","version","uptimeSeconds","queueDepth"}
 *   GET  /metrics  → {"requestsPerSecond","errorRate"}
 *   POST /drain    → {"draining":true}
 *   POST /undrain  → {"draining":false}
 *   POST /restart  → {"restarted":true,"version"}
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const DEMO_SERVICE_PORT = 8787;

export interface DemoService {
  url: string;
  port: number;
  /** Requests served, newest last, e.g. `POST /restart` (for tests and the stack's log). */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export interface DemoServiceOptions {
  port?: number;
  host?: string;
  version?: string;
  /** Called for every request, after it is answered. */
  onRequest?: (line: string) => void;
}

interface State {
  healthy: boolean;
  draining: boolean;
  startedAt: number;
  restarts: number;
}

/** Starts the demo service; port 0 picks a free one. */
export async function startDemoService(options: DemoServiceOptions = {}): Promise<DemoService> {
  const host = options.host ?? '127.0.0.1';
  const baseVersion = options.version ?? '1.4.2';
  const state: State = { healthy: false, draining: false, startedAt: Date.now(), restarts: 0 };
  const requests: string[] = [];
  const version = () => (state.restarts === 0 ? baseVersion : `${baseVersion}+r${state.restarts}`);

  const routes: Record<string, () => unknown> = {
    'GET /health': () => ({
      status: state.healthy ? 'ok' : 'degraded',
      version: version(),
      uptimeSeconds: Math.floor((Date.now() - state.startedAt) / 1000),
      queueDepth: state.healthy ? 0 : 1342,
    }),
    'GET /metrics': () => ({
      requestsPerSecond: state.draining ? 0 : state.healthy ? 212.5 : 48.1,
      errorRate: state.healthy ? 0.001 : 0.173,
    }),
    'POST /drain': () => {
      state.draining = true;
      return { draining: true };
    },
    'POST /undrain': () => {
      state.draining = false;
      return { draining: false };
    },
    'POST /restart': () => {
      state.restarts++;
      state.healthy = true;
      state.startedAt = Date.now();
      return { restarted: true, version: version() };
    },
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const key = `${req.method ?? 'GET'} ${path}`;
    const route = routes[key];
    // Bodies are ignored, but drained so keep-alive connections stay usable.
    req.resume();
    req.on('end', () => {
      const known = Object.keys(routes).some((r) => r.endsWith(` ${path}`));
      const status = route ? 200 : known ? 405 : 404;
      const body = route ? route() : { error: known ? `method ${req.method} not allowed on ${path}` : `no route ${path}` };
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      requests.push(key);
      options.onRequest?.(`${key} → ${status}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEMO_SERVICE_PORT, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
