import { z } from 'zod';
import { fabricLedgerConfigSchema } from '../ledger/fabric/config-schema.js';

/** Loopback address `host:port` of the Temporal frontend. */
const address = z.string().regex(/^[^\s:]+:\d+$/, 'host:port, e.g. 127.0.0.1:7233');

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
      /** Hosts `http.request` may call (exact host names or `*.suffix`). */
      allowHosts: z.array(z.string().min(1)).default(['127.0.0.1', 'localhost']),
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
  /** Approver directory: group → member ids. Approval validators check against it. */
  groups: z
    .record(z.string().min(1), z.array(z.string().min(1)))
    .default({ sre: ['alice', 'bob'], 'incident-commanders': ['carol'] }),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
