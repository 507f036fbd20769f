/**
 * A compile result as plain data, to cross from the compile worker to the
 * caller: vfile messages are class instances that structured clone flattens.
 */
import { VFile } from 'vfile';
import type { Plan } from '../plan/types.js';
import type { CompileOptions, CompileResult } from './compile.js';
import { SOURCE } from './diagnostics.js';

export interface WireMessage {
  reason: string;
  line: number;
  column: number;
  ruleId: string;
  fatal: boolean;
  expected?: string[];
}

export interface WireResult {
  plan?: Plan;
  messages: WireMessage[];
}

/** What the caller asks the compile worker: one file to read and compile, and the options that cross threads. */
export interface CompileRequest extends WireOptions {
  path: string;
}

/** The compile options that are plain data (a custom catalogue is not). */
export type WireOptions = Pick<CompileOptions, 'maxBytes' | 'inventory' | 'allowHosts' | 'groups'>;

/** What the worker answers: the result, or why the compile crashed. */
export type CompileReply = { result: WireResult } | { crash: string };

/** The plain-data form of `result`. */
export function toWire(result: CompileResult): WireResult {
  const messages = result.file.messages.map((m): WireMessage => ({
    reason: m.reason,
    line: m.line ?? 1,
    column: m.column ?? 1,
    ruleId: m.ruleId ?? 'unknown',
    fatal: m.fatal === true,
    ...(m.expected && m.expected.length > 0 ? { expected: [...m.expected] } : {}),
  }));
  return { ...(result.plan ? { plan: result.plan } : {}), messages };
}

/** A compile result for `path` rebuilt from its plain-data form. */
export function fromWire(path: string, wire: WireResult): CompileResult {
  const file = new VFile({ path });
  for (const m of wire.messages) {
    const message = file.message(m.reason, { place: { line: m.line, column: m.column }, ruleId: m.ruleId, source: SOURCE });
    message.fatal = m.fatal;
    if (m.expected) message.expected = m.expected;
  }
  return wire.plan ? { plan: wire.plan, file } : { file };
}
