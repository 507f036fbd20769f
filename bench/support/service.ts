/** The loopback service the benchmark's runs call: service lookup, restart, restart status. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchService {
  url: string;
  requests: () => number;
  close(): Promise<void>;
}

export async function startBenchService(): Promise<BenchService> {
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      let body: unknown = { error: 'no route' };
      let status = 404;
      if (req.method === 'GET' && url === '/service') [status, body] = [200, { name: 'web', replicas: 3, healthy: false }];
      else if (req.method === 'POST' && url.startsWith('/restart/')) [status, body] = [200, { id: `r-${count}` }];
      else if (req.method === 'GET' && url.startsWith('/status/')) [status, body] = [200, { state: 'done' }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests: () => count, close: () => new Promise((r) => server.close(() => r())) };
}
