/**
 * The action catalogue: every runbook action, its typed parameters, a one-line
 * description and what runs it. The compiler validates `swaybot` blocks against
 * it; the interpreter calls the named activity; activities re-validate their
 * arguments with the same schema after templates are rendered.
 *
 * Imports no Temporal package: the compiler and the CLI use it too.
 */
import { z } from 'zod';
import {
  eventsNeedApproval,
  hardwareEventsParams,
  hardwareHostParams,
  hardwareIdentifyParams,
  hardwarePowerParams,
  powerNeedsApproval,
} from './hardware-catalogue.js';

export type Runner = { kind: 'activity'; activity: string } | { kind: 'timer' };

export interface ActionDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  params: S;
  runner: Runner;
  /** One line on what the step's `as` output holds, for docs and `runbook check`. */
  output?: string;
  /**
   * True when a call with these (literal, possibly templated) arguments changes
   * something people must approve, e.g. power. The compiler then requires an
   * `approval` on the step, or `unattended: <reason>` to opt out.
   */
  needsApproval?: (args: Readonly<Record<string, unknown>>) => boolean;
}

const durationString = z
  .union([z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'a duration such as 30s, 5m or 2h'), z.number().nonnegative()]);

export const logParams = z.strictObject({
  message: z.string().describe('Text to log; templates allowed'),
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Log level'),
  fields: z.record(z.string(), z.unknown()).optional().describe('Structured fields added to the log record'),
});

export const waitParams = z.strictObject({
  duration: durationString.describe('How long to wait (durable timer)'),
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
  timeout: durationString.optional().describe('Per-request timeout (default 10s)'),
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

export * from './hardware-catalogue.js';

export const builtinActions: readonly ActionDefinition[] = [
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
  ...hardwareActions(),
];

/** `hardware.*`: BMC actions over IPMI or Redfish, by inventory host name (docs/hardware-runbooks.md). */
function hardwareActions(): ActionDefinition[] {
  return [
    {
      name: 'hardware.power',
      description: 'Power a host on, off, cycle, reset or soft-off through its BMC, then wait until the resulting state shows; needs approval',
      params: hardwarePowerParams,
      runner: { kind: 'activity', activity: 'hardwarePower' },
      output: '{ host, state, before, after }',
      needsApproval: powerNeedsApproval,
    },
    {
      name: 'hardware.sensors',
      description: "Read a host's sensors (temperatures, fans, voltages) through its BMC",
      params: hardwareHostParams,
      runner: { kind: 'activity', activity: 'hardwareSensors' },
      output: '{ host, sensors: [{ name, value, unit, status, health }], alerts }',
    },
    {
      name: 'hardware.events',
      description: "List a host's BMC event log (SEL); with clear: true also clears it, which needs approval",
      params: hardwareEventsParams,
      runner: { kind: 'activity', activity: 'hardwareEvents' },
      output: '{ host, events: [{ id, time, message, severity }], cleared }',
      needsApproval: eventsNeedApproval,
    },
    {
      name: 'hardware.inventory',
      description: 'Describe a host: inventory entry, power state and what its BMC reports (manufacturer, model, serial, firmware)',
      params: hardwareHostParams,
      runner: { kind: 'activity', activity: 'hardwareInventory' },
      output: '{ host, protocol, rack, position, vendor, model, power, bmc: { manufacturer, model, serialNumber, biosVersion, bmcFirmware } }',
    },
    {
      name: 'hardware.identify',
      description: "Blink a host's chassis identify light so people find it in the rack",
      params: hardwareIdentifyParams,
      runner: { kind: 'activity', activity: 'hardwareIdentify' },
      output: '{ host, seconds }',
    },
  ];
}

/** A catalogue is a lookup by action name; tests and later issues extend it. */
export class Catalogue {
  readonly #actions = new Map<string, ActionDefinition>();

  constructor(actions: Iterable<ActionDefinition> = builtinActions) {
    for (const action of actions) this.add(action);
  }

  add(action: ActionDefinition): this {
    if (this.#actions.has(action.name)) throw new Error(`Cannot add action \`${action.name}\` twice`);
    this.#actions.set(action.name, action);
    return this;
  }

  get(name: string): ActionDefinition | undefined {
    return this.#actions.get(name);
  }

  names(): string[] {
    return [...this.#actions.keys()].sort();
  }

  list(): ActionDefinition[] {
    return this.names().map((n) => this.#actions.get(n)!);
  }
}

export const defaultCatalogue = (): Catalogue => new Catalogue(builtinActions);
