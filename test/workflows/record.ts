/**
 * Re-records the committed histories (`UPDATE=1 npx vitest run test/workflows`):
 * runs every scenario on the real test server with one ops worker, checks it
 * ended as intended, and writes its history as JSON (the format of
 * `temporal workflow show --output json`).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { configSchema, type Config } from '../../config/schema.js';
import { findTemporalBinary } from '../../devstack/temporal-binary.js';
import { startIpmiSim, type IpmiSim } from '../../devstack/sim/ipmi-sim.js';
import { drive } from '../support-interpreter/drive.js';
import { withWorker } from '../support-interpreter/harness.js';
import { recorder } from '../support-interpreter/recorder.js';
import { directoryFor, standInParams, startStandIn } from '../support-interpreter/stand-in.js';
import type { Scenario } from './scenarios.js';

/**
 * The history as the CLI prints it. (The SDK's `historyToJSON` trips over two
 * protobufjs copies in this install; the CLI's JSON is the reference format anyway.)
 */
function showHistory(address: string, workflowId: string): string {
  return execFileSync(findTemporalBinary(), ['workflow', 'show', '--address', address, '--namespace', 'default', '--workflow-id', workflowId, '--output', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The host shipped hardware runbooks default to; recordings run it against one ipmi_sim BMC. */
const RECORD_HOST = 'drill-web-01';

/** Hardware settings whose inventory holds RECORD_HOST on `sim`, the password read from the environment. */
function hardwareFor(sim: IpmiSim): Pick<Config, 'hardware'> {
  process.env['SWAYBOT_RECORD_BMC_PASSWORD'] = sim.password;
  const inventory = join(mkdtempSync(join(tmpdir(), 'swaybot-record-hw-')), 'inventory.yaml');
  const bmc = `{ address: 127.0.0.1, port: ${sim.port}, protocol: ipmi, credentials: { username: ${sim.username}, password: { env: SWAYBOT_RECORD_BMC_PASSWORD } } }`;
  writeFileSync(inventory, `hosts:\n  ${RECORD_HOST}:\n    bmc: ${bmc}\n    rack: rec-r1\n    position: 1\n    vendor: Sim\n    model: ipmi_sim\n`);
  return { hardware: { ...configSchema.parse({}).hardware, inventory } };
}

const usesHardware = (s: Scenario): boolean => s.plan.steps.some((step) => step.kind === 'action' && step.action.startsWith('hardware.'));

export async function recordHistories(scenarios: Scenario[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const standIn = await startStandIn();
  const sim = scenarios.some(usesHardware) ? await startIpmiSim() : undefined;
  try {
    return await withWorker({ activities: recorder().activities, ...(sim ? { config: hardwareFor(sim) } : {}) }, async (h) =>
      Promise.all(
        scenarios.map(async (s) => {
          const handle = await h.start({
            plan: s.plan,
            params: { ...(s.standIn ? standInParams(s.plan, standIn.url) : {}), ...s.params },
            incident: { id: 'INC-1', labels: { severity: 'page' } },
            directory: directoryFor(s.plan),
            workflowId: `fixture-${s.name}`,
          });
          const outcome = await drive(h.client, handle, { ...(s.decisions ? { decisions: s.decisions } : {}) });
          const ended = outcome.result ? outcome.result.state : 'failed';
          if (ended !== s.expect) {
            throw new Error(`Scenario ${s.name} ended ${ended}, expected ${s.expect}: ${String(outcome.error)}`);
          }
          writeFileSync(join(dir, `${s.name}.json`), showHistory(h.address, handle.workflowId));
          return s.name;
        }),
      ),
    );
  } finally {
    await standIn.close();
    await sim?.dispose();
  }
}
