/**
 * The effective configuration, one setting per line, with where each value came from: for
 * `swaybot config show`. Reads the same file and environment as `loadConfig`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { configFile, ENV_OVERRIDES, loadConfig } from './load.js';
import type { Config } from './schema.js';

/** One effective setting. `source` is `default`, `<file>:<line>` or `env NAME`. */
export interface ConfigSetting {
  /** Dotted path, e.g. `temporal.taskQueue`, `groups.sre`. */
  readonly key: string;
  readonly value: unknown;
  readonly source: string;
}

export interface ExplainedConfig {
  /** The file read, or undefined when there is none. */
  readonly file: string | undefined;
  readonly config: Config;
  readonly settings: readonly ConfigSetting[];
}

/** Key names whose values are never printed, whatever a future setting holds. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private|credential/i;
/** `scheme://user:password@host`: the password part of a URL. */
const URL_PASSWORD = /(\/\/[^/:@\s]+:)[^@\s]+@/g;

/**
 * Loads the configuration like `loadConfig` (same errors) and lists every setting, secrets
 * redacted. File sources are `path:line`, the path relative to `cwd` when inside it.
 */
export function explainConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ExplainedConfig {
  const config = loadConfig(env, cwd);
  const file = configFile(env, cwd);
  const lineOf = file ? fileLines(file) : () => undefined;
  const shownFile = file && !relative(cwd, file).startsWith('..') ? relative(cwd, file) : file;
  const overrides: Record<string, string> = ENV_OVERRIDES;
  const settings = leaves(config).map(({ key, value }) => {
    const envName = overrides[key];
    const line = lineOf(key.split('.'));
    const source = envName && env[envName] ? `env ${envName}` : line !== undefined ? `${shownFile}:${line}` : !file && isDemoSetting(key) ? 'demo (no config file)' : 'default';
    return { key, value: redact(key, value), source };
  });
  return { file, config, settings };
}

/** True for a setting that `DEMO_APPROVALS` gives when there is no configuration file. */
function isDemoSetting(key: string): boolean {
  return key.startsWith('groups.') || key === 'approvals.identity';
}

/** Every leaf setting: nested objects are walked, arrays are one value, `groups` is one setting per group. */
function leaves(value: unknown, prefix = ''): { key: string; value: unknown }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ key: prefix, value }];
  const entries = Object.entries(value as Record<string, unknown>);
  // An empty map (no groups at all) is still a setting to show.
  if (entries.length === 0) return [{ key: prefix, value }];
  return entries.flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The line in `file` that sets `path`, or undefined when the file leaves it to the default. */
function fileLines(file: string): (path: string[]) => number | undefined {
  const counter = new LineCounter();
  const doc: Document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter });
  return (path) => {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path.at(-1));
    const at = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return at === undefined ? undefined : counter.linePos(at).line;
  };
}

function redact(key: string, value: unknown): unknown {
  if (SECRET_KEY.test(key.split('.').at(-1) ?? '')) return '(redacted)';
  if (typeof value === 'string') return value.replace(URL_PASSWORD, '$1(redacted)@');
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? v.replace(URL_PASSWORD, '$1(redacted)@') : v));
  return value;
}
