import { z } from 'zod';
import { serviceSettingsSchema } from '../capacity/settings.js';
import { fabricLedgerConfigSchema } from '../ledger/fabric/config-schema.js';
import { parsePublicKey } from '../approvals/sshsig.js';

/** The hosts runbooks may call when the configuration names none: the demo service only. */
export const DEFAULT_ALLOW_HOSTS = ['127.0.0.1:8787', 'localhost:8787'] as const;

/** Loopback address `host:port` of the Temporal frontend. */
const address = z.string().regex(/^[^\s:]+:\d+$/, 'host:port, e.g. 127.0.0.1:7233');

/** A duration in `ms` syntax: `30s`, `5m`, `2h`, `1d`. */
const duration = z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'a duration such as 30s, 5m, 2h or 1d');
const isoTime = z.iso.datetime({ offset: true });
/** Where a secret comes from: an environment variable of the process that needs it. */
const envSecret = z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') });

const escalationSchema = z.strictObject({
  tiers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        /** swaybot user ids, or `oncall:<team>` for whoever is on call when the incident opened. */
        page: z.array(z.string().min(1)).min(1),
        ackWithin: duration,
      }),
    )
    .min(1),
  repeat: z.number().int().min(0).max(10).default(0),
});

const rotationSchema = z.strictObject({
  members: z.array(z.string().min(1)).min(1),
  handoff: z.enum(['daily', 'weekly']).default('weekly'),
  start: isoTime,
  overrides: z.array(z.strictObject({ user: z.string().min(1), from: isoTime, to: isoTime })).default([]),
});

/** A person's public key, one line as `~/.ssh/id_ed25519.pub` holds it. */
const sshPublicKey = z.string().superRefine((line, ctx) => {
  try {
    parsePublicKey(line);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message}; paste the line of your ~/.ssh/id_ed25519.pub` });
  }
});

const approvalsSchema = z.strictObject({
  /**
   * `signed`: a decision counts only when signed with one of its approver's keys below (the CLI
   * signs with your SSH key; Slack decisions are vouched for by the Slack app). `asserted`:
   * `--as <user>` is believed as typed: for the demo only.
   */
  identity: z.enum(['signed', 'asserted']).default('signed'),
  /** How far a signed decision's time may be from the run's time; older (or future) ones are refused as stale. */
  maxSkew: duration.default('10m'),
  directory: z
    .strictObject({
      /** Person id (as in `groups`) → the public keys that sign for them (`ssh-ed25519 AAAA… comment`). */
      people: z.record(z.string().min(1), z.strictObject({ keys: z.array(sshPublicKey).default([]) })).default({}),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  /** Folder for state that outlives a run: the dev server's SQLite file, logs. */
  stateDir: z.string().min(1).default('.state'),
  temporal: z
    .strictObject({
      /** When set (or `TEMPORAL_ADDRESS` is), swaybot uses that server and starts none. */
      address: address.optional(),
      namespace: z.string().min(1).default('default'),
      taskQueue: z.string().min(1).default('swaybot-ops'),
      /** Ports for the embedded dev server. */
      port: z.number().int().min(1).max(65535).default(7233),
      uiPort: z.number().int().min(1).max(65535).default(8233),
    })
    .prefault({}),
  http: z
    .strictObject({
      /**
       * Hosts `http.request` may call: exact names or addresses, or `*.suffix`, each optionally
       * with `:port` (an entry without one allows every port). The default reaches only the demo
       * service's port on loopback, not every local service (Temporal's 7233 and 8233 included).
       */
      allowHosts: z.array(z.string().min(1)).default([...DEFAULT_ALLOW_HOSTS]),
    })
    .prefault({}),
  /** The availability ledger (docs/ledger.md): embedded on one machine, Fabric when shared (docs/fabric.md). */
  ledger: z
    .strictObject({
      backend: z.enum(['embedded', 'fabric']).default('embedded'),
      /** Segment folder; a relative path is resolved against `stateDir`. */
      dir: z.string().min(1).default('ledger'),
      /** Used when `backend` is `fabric`. */
      fabric: fabricLedgerConfigSchema.prefault({}),
    })
    .prefault({}),
  /** Hardware actions (docs/hardware.md). */
  hardware: z
    .strictObject({
      /**
       * Host inventory YAML; a relative path is resolved against the working directory. The
       * default is the drill fleet's inventory, so `npm start` rehearses against simulated BMCs.
       */
      inventory: z.string().min(1).default('devstack/drill/inventory.yaml'),
      /** Most BMCs `hardware status` and fleet actions talk to at once. */
      concurrency: z.number().int().min(1).max(256).default(16),
    })
    .prefault({}),
  /** Incident response (docs/incidents.md): escalation, on-call, routes, where runbooks come from. */
  incidents: z
    .strictObject({
      /** Runbooks an incident may run (front-matter `match` against its labels); relative to the working directory. */
      runbooks: z.string().min(1).default('runbooks'),
      /** Slack channel of incident messages (the console notifier prints it too). */
      channel: z.string().min(1).default('#incidents'),
      /** A resolved incident that fires again within this window reopens instead of opening a new one. */
      reopenWindow: duration.default('30m'),
      escalations: z.record(z.string().min(1), escalationSchema).default({
        default: {
          tiers: [
            { name: 'on-call', page: ['oncall:default'], ackWithin: '5m' },
            { name: 'incident commander', page: ['carol'], ackWithin: '10m' },
          ],
          repeat: 0,
        },
      }),
      rotations: z.record(z.string().min(1), rotationSchema).default({
        default: { members: ['alice', 'bob'], handoff: 'weekly', start: '2026-01-05T09:00:00Z', overrides: [] },
      }),
      /** First route whose `match` labels the incident has wins; the last default route matches everything. */
      routes: z
        .array(
          z.strictObject({
            match: z.record(z.string(), z.string()).default({}),
            onClear: z.enum(['resolve', 'ask']).default('resolve'),
            escalation: z.string().min(1).optional(),
            team: z.string().min(1).optional(),
          }),
        )
        .default([{ match: {}, onClear: 'resolve' }]),
    })
    .prefault({}),
  /** The alert receiver (Alertmanager webhook and generic JSON). */
  alerts: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(9095),
      /** Bodies larger than this are refused (413) unread. */
      maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    })
    .prefault({}),
  /** The telemetry daemon: StatsD over UDP, flush windows, the embedded store, anomaly detection (docs/telemetry.md). */
  telemetry: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** UDP addresses to listen on (StatsD / DogStatsD). */
      listen: z.array(z.string().min(1)).min(1).default(['127.0.0.1', '::1']),
      port: z.number().int().min(0).max(65535).default(8125),
      /** HTTP port of `/metrics` (the daemon's health and the aggregated series); 0: any free port. */
      metricsPort: z.number().int().min(0).max(65535).default(9102),
      /** Flush window. */
      window: duration.default('10s'),
      percentiles: z.array(z.number().gt(0).max(100)).min(1).default([50, 90, 95, 99]),
      /** Most series held at once; metrics of new series beyond it are dropped and counted. */
      maxSeries: z.number().int().min(1).default(10_000),
      /** Embedded store under stateDir; retention of raw windows and of downsampled buckets. */
      retention: z
        .strictObject({ raw: duration.default('7d'), downsampled: duration.default('90d'), downsampleStep: duration.default('5m') })
        .prefault({}),
      detection: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Score in [0, 1] that opens (or joins) an incident. */
          threshold: z.number().gt(0).max(1).default(0.5),
          /** A firing series clears after `clearAfter` windows in a row scored below `clearBelow`. */
          clearBelow: z.number().min(0).max(1).default(0.3),
          clearAfter: z.number().int().min(1).default(30),
          /** Added to a series' threshold for each incident marked false positive. */
          falsePositiveRaise: z.number().min(0).max(1).default(0.1),
          severity: z.string().min(1).default('warning'),
          /** Hours of history in the plot attached to the incident. */
          plotHours: z.number().gt(0).max(168).default(6),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Capacity planning (docs/capacity.md): forecast each service's load, plan replicas, approve, apply. */
  capacity: z
    .strictObject({
      /** Run the `ml` worker (forecasts, retraining) beside the ops worker. */
      enabled: z.boolean().default(true),
      /** Task queue of the `ml` worker. */
      mlTaskQueue: z.string().min(1).default('swaybot-ml'),
      history: z
        .strictObject({
          source: z.enum(['store', 'prometheus']).default('store'),
          /** Prometheus base URL when `source: prometheus` (query_range). */
          prometheusUrl: z.url().default('http://127.0.0.1:9090'),
          /** Days of hourly history a forecast reads. */
          days: z.number().int().min(3).max(90).default(14),
        })
        .prefault({}),
      /** How often the global forecasting model is retrained (Schedule `capacity-retrain`). */
      retrainEvery: duration.default('24h'),
      /** Trained models (versioned folders); a relative path is resolved against `stateDir`. */
      modelDir: z.string().min(1).default('models'),
      /** Approver groups (of `groups`) who may approve a plan. */
      approvers: z.array(z.string().min(1)).min(1).default(['sre']),
      /** Slack channel of plan messages. */
      channel: z.string().min(1).default('#capacity'),
      /**
       * Services to plan. The default plans the demo service over the drill fleet's web servers
       * (a hardware pool: approving powers simulated BMCs on or off).
       */
      services: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a service name (lowercase letters, digits, -)'), serviceSettingsSchema).default({
        'demo-service': serviceSettingsSchema.parse({
          metric: 'demo.requests',
          labels: { service: 'demo-service' },
          capacityPerReplica: 60,
          targetUtilisation: 0.75,
          headroom: 0.1,
          min: 1,
          max: 3,
          leadHours: 1,
          scaler: { kind: 'hardware-pool', hosts: ['drill-web-01', 'drill-web-02', 'drill-web-03'] },
        }),
      }),
    })
    .prefault({}),
  /** Replica printing (docs/printing.md): inventory → scale model → slicer → OctoPrint. */
  printing: z
    .strictObject({
      /** Model scale: 0.1 prints 1:10. */
      scale: z.number().gt(0).max(1).default(0.1),
      /** PrusaSlicer profile (ours by default); a relative path is resolved against the working directory. */
      profile: z.string().min(1).default('printing/profiles/swaybot-replica.ini'),
      /** Overrides of the profile. */
      layerHeight: z.number().gt(0).max(1).default(0.2),
      infill: z.number().min(0).max(100).default(15),
      bed: z.strictObject({ x: z.number().positive().default(220), y: z.number().positive().default(220), z: z.number().positive().default(250) }).prefault({}),
      printerModel: z.string().min(1).default('swaybot generic 0.4'),
      octoprint: z
        .strictObject({
          url: z.url().default('http://127.0.0.1:5000'),
          /** The API key, from this environment variable of the worker (never in workflow history). */
          apiKey: envSecret.default({ env: 'OCTOPRINT_API_KEY' }),
          /** How often a print's progress is read. */
          pollInterval: duration.default('2s'),
        })
        .prefault({}),
      /** Slack channel of replica messages. */
      channel: z.string().min(1).default('#drills'),
    })
    .prefault({}),
  /** Slack (docs/incidents.md). Without a bot token the console notifier prints messages instead. */
  slack: z
    .strictObject({
      botToken: envSecret.default({ env: 'SLACK_BOT_TOKEN' }),
      signingSecret: envSecret.default({ env: 'SLACK_SIGNING_SECRET' }),
      /** Socket Mode (no public URL needed): the app-level token. */
      appToken: envSecret.default({ env: 'SLACK_APP_TOKEN' }),
      socketMode: z.boolean().default(false),
      /** Port of the Slack app's HTTP receiver (slash commands, interactivity). */
      port: z.number().int().min(0).max(65535).default(3000),
      /** Web API base URL; the default is Slack's. Tests and the demo point it at the local Slack. */
      apiUrl: z.url().optional(),
      /** Slack user id → swaybot user id, for approver groups and "who did what". */
      users: z.record(z.string().min(1), z.string().min(1)).default({}),
    })
    .prefault({}),
  /** Who may approve, and how they prove who they are (docs/security.md#approvals-and-identity). */
  approvals: approvalsSchema.prefault({}),
  /**
   * Approver directory: group → member ids. Workers give it to runs (never the starter), and
   * approval validators check against it. No groups: nobody may approve. Only the demo (no
   * configuration file at all, `DEMO_APPROVALS`) has people in it without being told.
   */
  groups: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
});

/**
 * The approver directory and identity of the embedded demo: what `loadConfig` starts from when
 * there is no configuration file, so `npm start` can be approved with `--as alice`. Any
 * configuration file replaces it (then `groups` and keys must be configured).
 */
export const DEMO_APPROVALS = {
  groups: { sre: ['alice', 'bob'], 'incident-commanders': ['carol'] },
  approvals: { identity: 'asserted' },
} as const satisfies ConfigInput;

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
