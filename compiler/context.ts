/**
 * What every part of one compile shares: the file that collects messages,
 * the catalogue, the source and its link definitions, and a shorthand to
 * report a problem.
 */
import type { VFile } from 'vfile';
import type { Catalogue } from '../actions/index.js';
import { report, suggest, type Place, type Severity } from './diagnostics.js';
import type { Definitions } from './text.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/** What a compile may know about the machines a run will reach (environment.ts checks it); each part is optional. */
export interface Environment {
  /**
   * Host names of the hardware inventory; or why there is none (a file that
   * cannot be read), which is one warning at the first literal host.
   */
  inventory?: readonly string[] | { unavailable: string };
  /** `http.allowHosts` of the configuration. */
  allowHosts?: readonly string[];
  /** Group names of the approver directory (`groups` of the configuration), to check approvals against (compiler/gate.ts). */
  groups?: readonly string[];
}

export interface CompileContext {
  file: VFile;
  catalogue: Catalogue;
  /** The whole markdown source, for context slices. */
  source: string;
  /** Link definitions of the whole page, so `[text][ref]` resolves in every step. */
  definitions: Definitions;
  /** The inventory and allow-list to check literal hosts and URLs against (empty: no such checks). */
  environment: Environment;
  /** Warnings given once per file. */
  warned: { inventory: boolean };
}

/** Reports an error (or, with `severity`, a warning) at `place`. */
export function fail(
  ctx: CompileContext,
  ruleId: string,
  reason: string,
  place: Place,
  extra: { expected?: string[]; severity?: Severity } = {},
): void {
  report(ctx.file, { ruleId, reason, place, ...extra });
}

/**
 * Reports every key of `value` (a mapping at `path` in `yaml`) that is not in
 * `allowed`, with the nearest allowed key as a suggestion.
 */
export function checkKeys(
  ctx: CompileContext,
  yaml: YamlSource,
  path: readonly PathSegment[],
  value: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
  severity: Severity = 'error',
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    fail(ctx, 'unknown-key', `Unexpected key \`${key}\` in ${what}, expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}`,
      yaml.at([...path, key], true), { expected: suggest(key, allowed), severity });
  }
}

/** True for a plain mapping (YAML map converted to an object). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
