/**
 * The Temporal SDK's log records as swaybot log lines. The SDK's default
 * logger prints each expected activity failure as a multi-line object with
 * the stack, the task token and every attribute; here each record is one pino
 * JSON line (what `swaybot up` formats), with the failure as `Type: message`,
 * and the full record only at debug level.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/worker';
import type { ActivityLogger } from '../activities/logger.js';

const SEVERITY: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
const LEVELS = Object.keys(SEVERITY) as LogLevel[];

/** Attributes worth a place on the one line; the rest (task token, namespace, run ids…) go to the debug record. */
const SHOWN = ['workflowId', 'workflowType', 'activityType', 'activityId', 'attempt', 'taskQueue', 'durationMs'] as const;

/** `SWAYBOT_SDK_LOG_LEVEL` (TRACE…ERROR), WARN when unset or unknown. */
export function sdkLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const level = (env['SWAYBOT_SDK_LOG_LEVEL'] ?? '').toUpperCase();
  return (LEVELS as string[]).includes(level) ? (level as LogLevel) : 'WARN';
}

/** `InventoryError: unknown host …` for an `ApplicationFailure` (its `type`) or any other error (its `name`). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const type = (error as { type?: unknown }).type;
  const message = error.message.split('\n')[0] ?? '';
  return `${typeof type === 'string' && type !== '' ? type : error.name}: ${message}`;
}

/** The record as plain data for the debug line: the error with its stack and cause. */
function details(meta: LogMetadata): Record<string, unknown> {
  const { error, ...rest } = meta as Record<string, unknown>;
  if (!(error instanceof Error)) return meta;
  const cause = error.cause instanceof Error ? describeError(error.cause) : undefined;
  return { ...rest, error: describeError(error), stack: error.stack, ...(cause !== undefined ? { cause } : {}) };
}

/**
 * A `Logger` for `Runtime.install({ logger })` that writes to `sink` (a pino
 * logger in the worker process). Records below `level` are dropped.
 */
/** SDK warnings that describe a deliberate set-up, logged at info instead. */
const EXPECTED_AS_INFO = [/^No workflows registered, not polling for workflow tasks/i];

export class SdkLogger implements Logger {
  readonly #sink: ActivityLogger;
  readonly #min: number;

  constructor(sink: ActivityLogger, level: LogLevel = 'WARN') {
    this.#sink = sink;
    this.#min = SEVERITY[level];
  }

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    // An activities-only worker (the `ml` worker) is expected to poll no workflow tasks: not a warning.
    const expected = EXPECTED_AS_INFO.some((re) => re.test(message));
    const severity = expected ? SEVERITY.INFO : (SEVERITY[level] ?? SEVERITY.INFO);
    const error = (meta as { error?: unknown }).error;
    const line: Record<string, unknown> = {};
    for (const key of SHOWN) if (meta[key] !== undefined) line[key] = meta[key];
    if (error !== undefined) line['error'] = describeError(error);
    // Lower case like swaybot's own messages: `activity failed`, not `Activity failed`.
    const text = message.charAt(0).toLowerCase() + message.slice(1);
    if (severity >= this.#min) this.#write(severity, line, text);
    if (error !== undefined && SEVERITY.DEBUG >= this.#min) this.#sink.debug(details(meta), `${text} (details)`);
  }

  #write(severity: number, fields: object, text: string): void {
    if (severity >= SEVERITY.ERROR) this.#sink.error(fields, text);
    else if (severity >= SEVERITY.WARN) this.#sink.warn(fields, text);
    else if (severity >= SEVERITY.INFO) this.#sink.info(fields, text);
    else this.#sink.debug(fields, text);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
