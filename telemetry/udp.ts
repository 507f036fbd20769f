/**
 * The UDP side of the telemetry daemon: one datagram socket per listen address (IPv4 and IPv6
 * loopback by default), every packet handed to `onPacket` as it arrives. A socket that cannot
 * bind fails `listen` with the address named; nothing a sender does can throw out of here.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export interface UdpListenOptions {
  /** Addresses to bind, e.g. `['127.0.0.1', '::1']`. */
  hosts: readonly string[];
  /** Port for every address; 0 picks a free one (the IPv4 socket's, reused for the others). */
  port: number;
  /** Kernel receive buffer per socket, bytes: bursts wait here while a flush runs. */
  receiveBufferBytes?: number;
  onPacket: (packet: Buffer) => void;
  /** A socket error after binding (counted by the caller; the socket stays open). */
  onError?: (err: Error, host: string) => void;
}

export interface UdpListener {
  /** The bound addresses, with the port each got. */
  readonly addresses: readonly { host: string; port: number }[];
  close(): Promise<void>;
}

/** Binds every host in turn; on a failure the sockets already bound are closed again. */
export async function listenUdp(options: UdpListenOptions): Promise<UdpListener> {
  const sockets: Socket[] = [];
  const addresses: { host: string; port: number }[] = [];
  let port = options.port;
  try {
    for (const host of options.hosts) {
      const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', ipv6Only: isIPv6(host) });
      sockets.push(socket);
      await bind(socket, host, port);
      if (options.receiveBufferBytes) trySetBuffer(socket, options.receiveBufferBytes);
      socket.on('message', options.onPacket);
      socket.on('error', (err) => options.onError?.(err, host));
      port = socket.address().port;
      addresses.push({ host, port });
    }
  } catch (err) {
    await Promise.all(sockets.map(closeSocket));
    throw err;
  }
  return { addresses, close: () => Promise.all(sockets.map(closeSocket)).then(() => undefined) };
}

function bind(socket: Socket, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(new Error(`cannot listen for StatsD on udp://${host.includes(':') ? `[${host}]` : host}:${port}: ${err.code ?? err.message}`));
    socket.once('error', fail);
    socket.bind(port, host, () => {
      socket.off('error', fail);
      resolve();
    });
  });
}

/** The kernel may cap the buffer (net.core.rmem_max); a smaller one still works. */
function trySetBuffer(socket: Socket, bytes: number): void {
  try {
    socket.setRecvBufferSize(bytes);
  } catch {
    // keep the kernel's default
  }
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // not bound yet, or already closed
    }
  });
}
