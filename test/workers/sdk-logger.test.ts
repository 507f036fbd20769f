/**
 * What the worker prints when an activity fails as expected (an unknown host):
 * one line with the activity, the run and the failure, not the SDK's
 * multi-line object with its stack and task token.
 */
import { sdkLog } from './sdk-logger-install.js';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { SdkLogger, sdkLogLevel } from '../../workers/sdk-logger.js';
import { memoryLogger } from '../activities/memory-logger.js';
import { compileRunbook } from '../../compiler/index.js';
import { formatLogLine } from '../../cli/format/log-line.js';
import { runFailure, withWorker } from '../support-interpreter/harness.js';

const RUNBOOK = `# Sensors of a host that is not there

## Read sensors

\`\`\`swaybot
action: hardware.sensors
with:
  host: drill-web-99
\`\`\`
`;

describe('SDK log records in the worker', () => {
  it('prints an expected activity failure as one swaybot line, details at debug', async () => {
    const { plan } = compileRunbook(RUNBOOK, { path: 'sensors.md' });
    if (!plan) throw new Error('the test runbook should compile');
    const workflowId = await withWorker({}, async (h) => {
      const handle = await h.start({ plan, params: {}, workflowId: `sdk-log-${Date.now().toString(36)}` });
      await runFailure(handle);
      return handle.workflowId;
    });
    const failed = sdkLog.lines().filter((l) => l['msg'] === 'activity failed');
    expect(failed).toHaveLength(1);
    const [line] = failed;
    expect(line).toMatchObject({ level: 40, workflowId, activityType: 'hardwareSensors' });
    expect(line!['error']).toMatch(/^InventoryError: unknown host "drill-web-99"/);
    // Nothing at warn level or above carries the task token or a stack.
    const loud = sdkLog.lines().filter((l) => (l['level'] as number) >= 40);
    expect(loud.length).toBeGreaterThan(0);
    for (const record of loud) {
      expect(Object.keys(record)).not.toContain('taskToken');
      expect(Object.keys(record)).not.toContain('stack');
      expect(Object.values(record).filter((v) => typeof v === 'string' && v.includes('\n'))).toEqual([]);
    }
    // The same failure in full, for SWAYBOT_SDK_LOG_LEVEL=DEBUG (the test's logger keeps debug lines).
    const details = sdkLog.lines().find((l) => l['msg'] === 'activity failed (details)');
    expect(details).toMatchObject({ level: 20, workflowId, taskToken: expect.any(String) as unknown, stack: expect.stringContaining('at ') as unknown, error: expect.stringMatching(/^InventoryError: /) as unknown });
    // `swaybot up` shows it as one line that names the activity, the run and the failure.
    const shown = formatLogLine(JSON.stringify(line));
    expect(shown.split('\n')).toHaveLength(1);
    expect(shown).toContain('activity failed');
    expect(shown).toContain(`workflowId=${workflowId}`);
    expect(shown).toContain('error=InventoryError: unknown host "drill-web-99"');
  });

  it('writes nothing below its level, and no details at the default WARN', () => {
    const memory = memoryLogger();
    const logger = new SdkLogger(memory.logger, sdkLogLevel({}));
    logger.info('Worker state changed', { state: 'RUNNING' });
    logger.debug('Activity started', { activityType: 'log' });
    logger.warn('Activity failed', { activityType: 'log', taskToken: 'dG9rZW4=', error: ApplicationFailure.nonRetryable('boom', 'HttpError') });
    expect(memory.lines()).toEqual([expect.objectContaining({ level: 40, msg: 'activity failed', activityType: 'log', error: 'HttpError: boom' })]);
  });

  it("logs an activities-only worker's 'no workflows registered' at info, not as a warning", () => {
    const memory = memoryLogger();
    new SdkLogger(memory.logger, 'WARN').warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'swaybot-ml' });
    expect(memory.lines()).toEqual([]);
    const all = memoryLogger();
    new SdkLogger(all.logger, 'INFO').warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'swaybot-ml' });
    expect(all.lines()).toEqual([expect.objectContaining({ level: 30, msg: 'no workflows registered, not polling for workflow tasks' })]);
  });

  it('reads its level from SWAYBOT_SDK_LOG_LEVEL, WARN when unset or unknown', () => {
    expect(sdkLogLevel({ SWAYBOT_SDK_LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(sdkLogLevel({ SWAYBOT_SDK_LOG_LEVEL: 'loud' })).toBe('WARN');
    expect(sdkLogLevel({})).toBe('WARN');
  });
});
