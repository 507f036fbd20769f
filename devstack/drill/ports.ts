import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** True when `port` on 127.0.0.1 cannot be bound right now (someone else holds it). */
export function portInUse(kind: 'udp' | 'tcp', port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (kind === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(true));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(false)));
      return;
    }
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}
