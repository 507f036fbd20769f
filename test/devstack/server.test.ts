import { describe, it, expect } from 'vitest';
import { connectTestServer } from '../support/temporal.js';

describe('test dev server', () => {
  it('is a real Temporal server with swaybot search attributes registered', async () => {
    const env = await connectTestServer();
    try {
      const sys = await env.client.connection.workflowService.getSystemInfo({});
      expect(sys.serverVersion).toMatch(/^1\.29\./);
      const attrs = await env.client.connection.operatorService.listSearchAttributes({ namespace: env.namespace });
      expect(Object.keys(attrs.customAttributes ?? {})).toEqual(
        expect.arrayContaining(['RunbookId', 'RunbookState', 'RunbookStep']),
      );
    } finally {
      await env.close();
    }
  });
});
