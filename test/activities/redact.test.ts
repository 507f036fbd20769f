import { describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { MAX_REDACT_DEPTH, redact } from '../../activities/redact.js';
import { configSchema } from '../../config/schema.js';
import { memoryLogger } from './memory-logger.js';

/** `{ a: { a: … { leaf } } }`, `levels` objects deep. */
function nest(levels: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('redact', () => {
  it('never lets a secret through, however deep it is nested', () => {
    for (let levels = 0; levels <= 20; levels++) {
      const out = JSON.stringify(redact(nest(levels, { password: 'hunter2', list: [{ apiKey: 'hunter2' }] })));
      expect(out, `${levels} levels`).not.toContain('hunter2');
    }
  });

  it('redacts within the depth limit and marks what lies below it', () => {
    expect(redact(nest(MAX_REDACT_DEPTH, { token: 't', host: 'web-3' }))).toEqual(nest(MAX_REDACT_DEPTH, { token: '[redacted]', host: 'web-3' }));
    expect(redact(nest(MAX_REDACT_DEPTH + 1, { host: 'web-3' }))).toEqual(nest(MAX_REDACT_DEPTH + 1, '[too deep]' as never));
  });

  it('copes with cycles', () => {
    const loop: Record<string, unknown> = { name: 'loop', secret: 's' };
    loop['self'] = loop;
    expect(JSON.stringify(redact(loop))).toContain('[too deep]');
  });

  it('keeps a deep secret out of the log activity', async () => {
    const mem = memoryLogger();
    const { log } = createActivities({ config: configSchema.parse({}), logger: mem.logger });
    const env = new MockActivityEnvironment({ activityId: 'deep' }, { logger: new DefaultLogger('ERROR') });
    await env.run(log, { message: 'deep', fields: { ctx: nest(12, { Authorization: 'Bearer hunter2' }) } });
    expect(mem.raw()).toContain('[too deep]');
    expect(mem.raw()).not.toContain('hunter2');
  });
});
