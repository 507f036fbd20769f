/**
 * Installs the worker's SDK logger over an in-memory pino logger. Imported
 * first by sdk-logger.test.ts: `Runtime.install` is once per process, and the
 * interpreter harness would otherwise install its quiet one.
 */
import { Runtime } from '@temporalio/worker';
import { SdkLogger } from '../../workers/sdk-logger.js';
import { memoryLogger } from '../activities/memory-logger.js';

export const sdkLog = memoryLogger();
// DEBUG, so that the test sees the details line too; the worker's default is WARN (see sdk-logger.test.ts).
Runtime.install({ logger: new SdkLogger(sdkLog.logger, 'DEBUG') });
