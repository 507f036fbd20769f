/**
 * A worker process for durability tests: the ops worker plus a `count`
 * activity that appends its name to `$COUNT_FILE`, so a test can tell how many
 * times each step really ran across worker crashes.
 * Env: TEMPORAL_ADDRESS, TASK_QUEUE, COUNT_FILE. Prints `worker ready`.
 */
import { appendFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { testConfig } from '../support-interpreter/test-config.js';
import { createOpsWorker } from '../../workers/ops-worker.js';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`counting-worker needs $${name}`);
  return value;
};

Runtime.install({ logger: new DefaultLogger('WARN') });
const countFile = need('COUNT_FILE');
const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
const worker = await createOpsWorker({
  connection,
  namespace: 'default',
  taskQueue: need('TASK_QUEUE'),
  config: testConfig(),
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  extraActivities: {
    async count(args: { name: string }): Promise<void> {
      appendFileSync(countFile, `${args.name}\n`);
    },
  },
});
const running = worker.run();
console.log('worker ready');
await running;
await connection.close();
