/**
 * The runbook compiler: markdown → plan (plan/types.ts) plus vfile messages.
 *
 * Errors are messages with `fatal: true` (and then there is no plan),
 * warnings have `fatal: false`; each has `place`, a kebab-case `ruleId` and
 * `source: 'swaybot'`. See docs/runbooks.md for the format and the rules.
 */
export { compileRunbook, type CompileOptions, type CompileResult } from './compile.js';
export { compileFile, compilePaths, markdownFiles, type CompilePathsOptions } from './files.js';
export { DEFAULT_MAX_BYTES, DEFAULT_TIME_BUDGET_MS } from './limits.js';
export { hashPlan, canonicalJson } from './hash.js';
export { planToMermaid } from './mermaid.js';
export { SOURCE } from './diagnostics.js';
