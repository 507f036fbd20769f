// The template language must run inside Temporal's workflow sandbox: bundle a
// tiny workflow that imports it and run it on the real dev server.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { connectTestServer, uniqueTaskQueue } from '../support/temporal.js';
import type { renderInSandbox } from './fixtures/render-workflow.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
/** A bundler logger that keeps messages instead of printing them. */
function recordingLogger(): { logger: Record<'log' | 'trace' | 'debug' | 'info' | 'warn' | 'error', (message: string) => void>; messages: string[] } {
  const messages: string[] = [];
  const keep = (message: string): void => void messages.push(message);
  return { logger: { log: keep, trace: keep, debug: keep, info: keep, warn: keep, error: keep }, messages };
}

describe('expr in the workflow sandbox', () => {
  it('bundles and evaluates templates inside a real workflow', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath: fixture('render-workflow.ts'), logger: recordingLogger().logger });
    const server = await connectTestServer();
    try {
      const taskQueue = uniqueTaskQueue('expr-sandbox');
      const worker = await Worker.create({ connection: server.nativeConnection, namespace: server.namespace, taskQueue, workflowBundle: bundle });
      const result = await worker.runUntil(
        server.client.workflow.execute<typeof renderInSandbox>('renderInSandbox', {
          taskQueue,
          workflowId: `${taskQueue}-wf`,
          args: [{
            value: { url: 'https://{{ params.host }}/v1', count: '{{ len(params.tags) * 2 }}', tags: "{{ join(params.tags, '+') }}" },
            scope: { params: { host: 'db-1', tags: ['a', 'b'] }, key: 'constructor' },
            condition: "{{ 'a' in params.tags }}",
            refused: '{{ params[key] }}',
          }],
        }),
      );
      expect(result).toEqual({ rendered: { url: 'https://db-1/v1', count: 4, tags: 'a+b' }, condition: true, refusal: 'ExprEvalError: Refused member `constructor` (prototype access) in `params[key]`' });
    } finally {
      await server.close();
    }
  });

  it('the same bundler refuses a workflow that imports a Node built-in', async () => {
    const { logger, messages } = recordingLogger();
    await expect(bundleWorkflowCode({ workflowsPath: fixture('node-import-workflow.ts'), logger })).rejects.toThrow(/Webpack finished with errors/);
    expect(messages.join('\n')).toMatch(/node:fs|'fs'/);
  });
});
