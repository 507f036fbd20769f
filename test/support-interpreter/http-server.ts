/**
 * A real HTTP server on 127.0.0.1 for tests: records every request and answers
 * from a route table. Stands in for the service a runbook talks to.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Route = (req: Received, hits: number) => Reply;

export interface TestHttpServer {
  url: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/**
 * Starts a server; `routes` maps `METHOD /path` (path without query) to a
 * handler. Other requests go to `fallback`, or get 404 without one.
 */
export async function startHttpServer(routes: Record<string, Route>, fallback?: Route): Promise<TestHttpServer> {
  const received: Received[] = [];
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(rec);
      const key = `${rec.method} ${rec.url.split('?')[0]}`;
      const n = (hits.get(key) ?? 0) + 1;
      hits.set(key, n);
      const route = routes[key];
      const reply = route ? route(rec, n) : fallback ? fallback(rec, n) : { status: 404, text: 'no route' };
      const headers: Record<string, string> = { ...reply.headers };
      let payload = reply.text ?? '';
      if (reply.json !== undefined) {
        payload = JSON.stringify(reply.json);
        headers['content-type'] ??= 'application/json';
      }
      res.writeHead(reply.status ?? 200, headers).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
