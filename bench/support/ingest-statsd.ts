/**
 * bench:ingest's Etsy statsd harness: writes, into a temp dir, a statsd config and two small
 * CommonJS modules statsd loads itself, then statsd runs unmodified (`node stats.js config.js`):
 *
 * - a UDP server module: statsd's own servers/udp.js plus the bench's receive buffer
 *   (`recvBufferSize`, as for the other receivers) and the same IPC protocol as
 *   ingest-receiver.ts (`ready`, `snapshot`, `stop`; a packet counter and a 2 ms arrival timer);
 * - a backend that sends nothing anywhere: on each flush it adds statsd's own
 *   `statsd.metrics_received` and `statsd.bad_lines_seen` (reset at every flush) to totals.
 *
 * statsd's line count is then the flushed totals plus the live counters, read through its
 * management port (`counters`): its own count of the lines it handled, as swaybot's is.
 */
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const SERVER = `'use strict';
const dgram = require('dgram');
const state = globalThis.__ingestBench || (globalThis.__ingestBench = { flushes: 0, flushedLines: 0, flushedBad: 0 });
exports.start = function (config, callback) {
  let packets = 0, bytes = 0, first = 0, last = 0, seen = 0;
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: config.recvBufferSize }, function (msg, rinfo) {
    packets++;
    bytes += msg.length;
    callback(msg, rinfo);
  });
  socket.bind(config.port, config.address, function () {
    setInterval(function () {
      if (packets === seen) return;
      seen = packets;
      const t = performance.now();
      if (first === 0) first = t;
      last = t;
    }, 2);
    process.send({ type: 'ready', port: socket.address().port, rcvbuf: socket.getRecvBufferSize() });
  });
  process.on('message', function (m) {
    if (m.type === 'stop') { socket.close(); process.exit(0); }
    const cpu = process.cpuUsage();
    process.send({ type: 'snapshot', packets, bytes, lines: null, malformed: null, cpuMicros: cpu.user + cpu.system, first, last,
      flushes: state.flushes, flushedLines: state.flushedLines, flushedBad: state.flushedBad });
    if (m.mark) first = last = 0;
  });
  this.server = socket;
  return true;
};
`;

const BACKEND = `'use strict';
const state = globalThis.__ingestBench || (globalThis.__ingestBench = { flushes: 0, flushedLines: 0, flushedBad: 0 });
exports.init = function (startupTime, config, events) {
  events.on('flush', function (timestamp, metrics) {
    state.flushes++;
    state.flushedLines += metrics.counters['statsd.metrics_received'] || 0;
    state.flushedBad += metrics.counters['statsd.bad_lines_seen'] || 0;
  });
  return true;
};
`;

/** Writes the config and modules into `dir`; returns the config's path. */
export function writeStatsdConfig(dir: string, port: number, mgmtPort: number, rcvbuf: number): string {
  writeFileSync(join(dir, 'bench-udp-server.cjs'), SERVER);
  writeFileSync(join(dir, 'bench-backend.cjs'), BACKEND);
  const config = {
    servers: [{ server: join(dir, 'bench-udp-server.cjs'), port, address: '127.0.0.1', recvBufferSize: rcvbuf }],
    mgmt_port: mgmtPort,
    mgmt_address: '127.0.0.1',
    backends: [join(dir, 'bench-backend.cjs')],
    flushInterval: 10_000,
    deleteIdleStats: true,
    dumpMessages: false,
    debug: false,
    automaticConfigReload: false,
  };
  const path = join(dir, 'statsd-config.js');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/** statsd's live `statsd.metrics_received` and `statsd.bad_lines_seen` (since its last flush), from the management port. */
export function statsdLiveCounters(mgmtPort: number): Promise<{ lines: number; bad: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(mgmtPort, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!text.includes('END\n')) return;
      socket.end('quit\n');
      const read = (key: string): number => {
        const m = new RegExp(`'statsd\\.${key}': (\\d+)`).exec(text);
        if (m === null) throw new Error(`statsd management port: no ${key} in ${text.slice(0, 200)}`);
        return Number(m[1]);
      };
      try {
        resolve({ lines: read('metrics_received'), bad: read('bad_lines_seen') });
      } catch (err) {
        reject(err as Error);
      }
    });
    socket.write('counters\n');
  });
}
