/** The core actions: `log`, `wait` and `http.request`. */
import { z } from 'zod';
import type { ActionDefinition } from './definition.js';
import { durationParam } from './duration.js';

export const logParams = z.strictObject({
  message: z.string().describe('Text to log; templates allowed'),
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Log level'),
  fields: z.record(z.string(), z.unknown()).optional().describe('Structured fields added to the log record'),
});

export const waitParams = z.strictObject({
  duration: durationParam.describe('How long to wait (durable timer)'),
  reason: z.string().optional().describe('Shown as the timer summary in the Web UI'),
});

export const httpRequestParams = z.strictObject({
  url: z.string().url().describe('Absolute http(s) URL; the host must be in http.allowHosts'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET').describe('HTTP method'),
  headers: z.record(z.string(), z.string()).optional().describe('Request headers'),
  body: z.unknown().optional().describe('Request body: a string is sent as is, anything else as JSON'),
  expectStatus: z
    .array(z.number().int().min(100).max(599))
    .optional()
    .describe('Statuses that count as success (default: 200-399); others fail the step'),
  timeout: durationParam.optional().describe('Per-request timeout (default 10s)'),
});

export type LogParams = z.infer<typeof logParams>;
export type WaitParams = z.infer<typeof waitParams>;
export type HttpRequestParams = z.infer<typeof httpRequestParams>;

/** What `http.request` returns, visible to later steps through `as`. */
export interface HttpResponse {
  status: number;
  ok: boolean;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else text (truncated to 64 KiB). */
  body: unknown;
}

export const coreActions: readonly ActionDefinition[] = [
  {
    name: 'log',
    description: 'Write a message to the worker log and the run history',
    params: logParams,
    runner: { kind: 'activity', activity: 'log' },
  },
  {
    name: 'wait',
    description: 'Pause the run for a duration (a durable timer, survives restarts)',
    params: waitParams,
    runner: { kind: 'timer' },
  },
  {
    name: 'http.request',
    description: 'Call an HTTP endpoint on an allow-listed host; status and body are the output',
    params: httpRequestParams,
    runner: { kind: 'activity', activity: 'httpRequest' },
    output: '{ status, ok, headers, body }',
  },
];
