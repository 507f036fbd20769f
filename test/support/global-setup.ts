/**
 * Starts one real Temporal dev server (the CLI binary bootstrap provides) for the
 * whole test run, on free loopback ports, with a throwaway SQLite file. Tests that
 * must restart a server start their own with `startDevServer`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../../devstack/temporal-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
  }
}

let server: DevServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'swaybot-test-'));
  // Every temp folder the tests (and the processes they start) make lands in here, and
  // teardown removes it, so a run leaves nothing behind in the system temp folder.
  process.env['TMPDIR'] = dir;
  // Workers that tests start (and `swaybot up`) run the telemetry daemon: free ports, so test files never collide.
  process.env['SWAYBOT_TELEMETRY_PORT'] ??= '0';
  process.env['SWAYBOT_TELEMETRY_METRICS_PORT'] ??= '0';
  server = await startDevServer({ dbFilename: join(dir, 'temporal.db'), uiPort: false, logFile: join(dir, 'server.log') });
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
