import path from 'node:path';
import { FabricLedger } from './fabric-ledger.js';
import type { FabricLedgerConfig } from './config-schema.js';

export { fabricLedgerConfigSchema, type FabricLedgerConfig } from './config-schema.js';

/** Opens the Fabric backend from its config section. */
export function openFabricLedger(config: FabricLedgerConfig, stateDir: string): Promise<FabricLedger> {
  return FabricLedger.connect(path.resolve(stateDir, config.profile), config.identity, {
    payloads: config.payloads,
    group: { maxBatch: config.maxBatch, maxDelayMs: config.maxDelayMs },
    retry: { attempts: config.attempts, baseDelayMs: 100, maxDelayMs: 2000 },
  });
}
