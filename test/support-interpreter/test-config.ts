/**
 * The default configuration with the ledger in a fresh temp folder (under the
 * test run's TMPDIR), so workers in parallel test processes never contend for
 * the checkout's `.state/ledger` (one writer per folder), and the demo's
 * approvals: the test directory, `--as` believed. Tests of signed identity
 * configure their own (test/approvals/).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Config } from '../../config/schema.js';
import { directory } from './plans.js';

export function testConfig(): Config {
  // Tests' HTTP servers listen on loopback at random ports: allowed here (the default names only the demo's).
  const config = configSchema.parse({ groups: directory, approvals: { identity: 'asserted' }, http: { allowHosts: ['127.0.0.1', 'localhost'] } });
  return { ...config, ledger: { ...config.ledger, backend: 'embedded', dir: mkdtempSync(join(tmpdir(), 'swaybot-ledger-')) } };
}
