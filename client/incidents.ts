/**
 * Client helpers for incidents: the policy snapshot an incident runs under, and
 * `openOrJoin`, which lands an alert on its incident with one `signalWithStart`,
 * so the alert is durable once the server answers, whether or not a worker runs.
 * The alert receiver and `swaybot alert fire` call these.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { WorkflowClient, type Client, type ConnectionLike } from '@temporalio/client';
import type { Config } from '../config/schema.js';
import type { IncidentRoute } from '../incidents/types.js';
import {
  alertSignal,
  INCIDENT_WORKFLOW,
  IncidentServiceKey,
  IncidentSeverityKey,
  IncidentStateKey,
  incidentWorkflowId,
  type AlertInput,
  type IncidentInput,
  type IncidentPolicy,
} from '../workflows/incident-messages.js';

/** The incident settings of `config` as the workflow takes them: a snapshot, fixed when the incident opens. */
export function incidentPolicy(config: Config): IncidentPolicy {
  const { escalations, rotations, routes, reopenWindow, channel } = config.incidents;
  return {
    escalations,
    rotations,
    routes: routes.map(
      (r): IncidentRoute => ({
        match: r.match,
        onClear: r.onClear,
        ...(r.escalation !== undefined ? { escalation: r.escalation } : {}),
        ...(r.team !== undefined ? { team: r.team } : {}),
      }),
    ),
    reopenWindow,
    channel,
  };
}

export interface OpenOrJoinOptions {
  taskQueue: string;
  config: Config;
  alert: AlertInput;
}

export interface OpenOrJoinResult {
  /** The incident id: `incident-<service>-<dedupe key>`. */
  workflowId: string;
  /** The run the alert was signalled to. */
  runId: string;
  /**
   * True when this alert started a new run (a new incident, or a new run after the last one
   * closed), false when it joined the running one; undefined on a server too old to say.
   */
  started: boolean | undefined;
}

/**
 * Opens the incident of `alert`, or joins it when it is already running: `signalWithStart` of
 * the incident workflow (by name: this module never loads workflow code) with the alert as an
 * `alert` signal. Rejects when the server cannot be reached or refuses; nothing is half done then.
 */
export async function openOrJoin(client: Client, options: OpenOrJoinOptions): Promise<OpenOrJoinResult> {
  const { alert, config, taskQueue } = options;
  const workflowId = incidentWorkflowId(alert.service, alert.dedupeKey);
  const input: IncidentInput = { policy: incidentPolicy(config), directory: config.groups };
  const seen: { started?: boolean } = {};
  const handle = await startedTracker.run(seen, () =>
    trackingClient(client).signalWithStart(INCIDENT_WORKFLOW, {
      workflowId,
      taskQueue,
      args: [input],
      signal: alertSignal,
      signalArgs: [alert],
      // Written only when this call starts the run; a joining alert leaves them as the workflow keeps them.
      typedSearchAttributes: [
        { key: IncidentStateKey, value: 'triggered' },
        { key: IncidentServiceKey, value: alert.service },
        { key: IncidentSeverityKey, value: alert.severity },
      ],
      staticSummary: incidentSummary(alert),
      staticDetails: incidentDetails(alert),
    }),
  );
  return { workflowId, runId: handle.signaledRunId, started: seen.started };
}

/** One line for the Web UI's workflow list: `<severity> <service>: <name>`. */
export function incidentSummary(alert: AlertInput): string {
  return `${alert.severity} ${alert.service}: ${alert.name}`.replace(/\s+/g, ' ').trim();
}

/** The Web UI's static details: the opening alert, its labels and annotations, where it came from (markdown). */
export function incidentDetails(alert: AlertInput): string {
  const row = (k: string, v: string) => `| ${k} | ${v.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`;
  const lines = [`**${alert.name}** on \`${alert.service}\` (${alert.severity}), from ${alert.source}`, '', `Started ${alert.startsAt}, received ${alert.receivedAt}`];
  if (alert.generatorURL) lines.push(`Source: ${alert.generatorURL}`);
  lines.push('', '| label | value |', '|---|---|', ...Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => row(k, v)));
  const notes = Object.entries(alert.annotations);
  if (notes.length > 0) lines.push('', '| annotation | value |', '|---|---|', ...notes.map(([k, v]) => row(k, v)));
  return lines.join('\n').slice(0, 20_000);
}

// The SDK's signalWithStart returns only the run id, but the server's answer also says whether
// it started a run. A workflow client over the same connection, whose workflow service reports
// that flag to the calling `openOrJoin` (found through async context), reads it at no extra call.
const startedTracker = new AsyncLocalStorage<{ started?: boolean }>();
const trackingClients = new WeakMap<Client, WorkflowClient>();

function trackingClient(client: Client): WorkflowClient {
  let tracking = trackingClients.get(client);
  if (!tracking) {
    const base = client.workflow;
    tracking = new WorkflowClient({
      ...base.options,
      dataConverter: base.options.loadedDataConverter,
      connection: reportingStarted(base.connection),
    });
    trackingClients.set(client, tracking);
  }
  return tracking;
}

function reportingStarted(connection: ConnectionLike): ConnectionLike {
  const service = connection.workflowService;
  const workflowService = new Proxy(service, {
    get(target, prop, receiver) {
      if (prop !== 'signalWithStartWorkflowExecution') return Reflect.get(target, prop, receiver) as unknown;
      return async (...args: Parameters<typeof service.signalWithStartWorkflowExecution>) => {
        const response = await target.signalWithStartWorkflowExecution(...args);
        const store = startedTracker.getStore();
        if (store && typeof response.started === 'boolean') store.started = response.started;
        return response;
      };
    },
  });
  return new Proxy(connection, {
    get(target, prop) {
      if (prop === 'workflowService') return workflowService;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
