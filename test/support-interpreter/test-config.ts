/**
 * The default configuration with the ledger in a fresh temp folder (under the
 * test run's TMPDIR), so workers in parallel test processes never contend for
 * the checkout's `.state/ledger` (one writer per folder).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Config } from '../../config/schema.js';

export function testConfig(): Config {
  const config = configSchema.parse({});
  return { ...config, ledger: { ...config.ledger, backend: 'embedded', dir: mkdtempSync(join(tmpdir(), 'swaybot-ledger-')) } };
}
