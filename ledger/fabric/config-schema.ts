import { z } from 'zod';

/**
 * The `ledger.fabric` section of swaybot's config, for `ledger.backend: fabric`. Kept here so the
 * backend brings its own options; config/schema.ts embeds it (this file imports no Fabric package, so loading the config stays cheap):
 *   backend: z.enum(['embedded', 'fabric']).default('embedded'),
 *   fabric: fabricLedgerConfigSchema.prefault({}),
 */
export const fabricLedgerConfigSchema = z.strictObject({
  /** Connection profile written by `npm run fabric:up`; relative to `stateDir`. */
  profile: z.string().min(1).default('fabric/connection.json'),
  /** Identity in the profile to sign with; it needs swaybot.role=writer to append. */
  identity: z.string().min(1).default('writer'),
  /** Identity the `swaybot ledger` commands read the chain with (it need not be able to append). */
  readerIdentity: z.string().min(1).default('reader'),
  /** `off-chain` sends only payload hashes to Fabric (payloads stay with the caller). */
  payloads: z.enum(['on-chain', 'off-chain']).default('on-chain'),
  /**
   * Group commit: largest batch (one transaction; the chaincode takes at most 1,000) and longest
   * wait for company. The fullest batch is the cheapest per event (docs/fabric.md, "Benchmark").
   */
  maxBatch: z.number().int().min(1).max(1000).default(1000),
  maxDelayMs: z.number().min(0).default(20),
  /** Attempts per transaction for read conflicts (MVCC/phantom), within one activity attempt; an unreachable peer is left to the activity retry. */
  attempts: z.number().int().min(1).max(20).default(5),
});
export type FabricLedgerConfig = z.infer<typeof fabricLedgerConfigSchema>;

