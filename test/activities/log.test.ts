import { describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities/index.js';
import { configSchema } from '../../config/schema.js';
import { memoryLogger } from './memory-logger.js';

const env = () => new MockActivityEnvironment({ activityId: 'announce', workflowExecution: { workflowId: 'wf-1', runId: 'run-1' } }, { logger: new DefaultLogger('ERROR') });

describe('log activity', () => {
  it('writes the message at its level, tagged with run and step, secrets redacted', async () => {
    const mem = memoryLogger();
    const { log } = createActivities({ config: configSchema.parse({}), logger: mem.logger });
    await env().run(log, { message: 'restarting web-3', level: 'warn', fields: { host: 'web-3', apiToken: 's3cr3t', nested: { Authorization: 'Bearer x' } } });
    const [line] = mem.lines();
    expect(line).toMatchObject({ level: 40, msg: 'restarting web-3', host: 'web-3', workflowId: 'wf-1', runId: 'run-1', step: 'announce', attempt: 1 });
    expect(line?.['apiToken']).toBe('[redacted]');
    expect(line?.['nested']).toEqual({ Authorization: '[redacted]' });
    expect(mem.raw()).not.toContain('s3cr3t');
  });

  it('rejects bad arguments as non-retryable InvalidArguments', async () => {
    const { log } = createActivities({ config: configSchema.parse({}), logger: memoryLogger().logger });
    const err = await env().run(log, { message: 42, level: 'loud' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'InvalidArguments', nonRetryable: true });
    expect((err as Error).message).toMatch(/^Invalid arguments for `log`: message: .*; level: /);
  });
});
