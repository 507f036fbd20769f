/**
 * The layering check of `npm run lint` (dependency-cruiser): imports point down the
 * layers and never in a cycle. docs/architecture.md draws the layers; each rule names
 * the arrow it forbids.
 */
const DOMAIN = '^(actions|approvals|capacity|chat|compiler|config|errors|events|expr|hardware|incidents|json|ledger|ml|plan|printing|secrets|telemetry)/';
const ABOVE_DOMAIN = '^(activities|cli|client|devstack|workers|workflows|bench|test)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: modules that need each other belong in one module, or a third one they both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stays-below',
      severity: 'error',
      comment: 'Domain folders (pure code) never import the Temporal layer, the CLI, the client, workers, the dev stack, benchmarks or tests.',
      from: { path: DOMAIN },
      to: { path: ABOVE_DOMAIN },
    },
    {
      name: 'domain-has-no-temporal',
      severity: 'error',
      comment: 'Domain folders import no Temporal package: activities/ and workflows/ adapt them.',
      from: { path: DOMAIN },
      to: { path: '^node_modules/@temporalio/' },
    },
    {
      name: 'production-never-imports-devstack',
      severity: 'error',
      comment: 'devstack/ (swaybot up, drill simulators) is tooling: only the CLI, benchmarks and tests may import it.',
      from: { path: '^(actions|activities|approvals|capacity|chat|client|compiler|config|errors|events|expr|hardware|incidents|json|ledger|ml|plan|printing|secrets|telemetry|workers|workflows)/' },
      to: { path: '^devstack/' },
    },
    {
      name: 'activities-below-workflows',
      severity: 'error',
      comment: 'Activities are called by workflows, never the reverse (message definitions, which every side shares, excepted); they know nothing of clients, the CLI or workers.',
      from: { path: '^activities/' },
      to: { path: '^(workflows|client|cli|workers)/', pathNot: '^workflows/[a-z-]*messages\\.ts$' },
    },
    {
      name: 'workflows-import-types-only',
      severity: 'error',
      comment: 'Workflows run in the deterministic sandbox: activities and ledger shapes are imported as types only (import type …).',
      from: { path: '^workflows/' },
      to: { path: '^(activities|ledger)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-stay-pure',
      severity: 'error',
      comment: 'Workflows import only pure project code (plan, events, expr, incidents, the activity names of actions/runner.ts) and their own folder.',
      from: { path: '^workflows/' },
      to: { path: '^(actions|chat|cli|client|compiler|config|devstack|hardware|json|ml|telemetry|workers)/', pathNot: '^actions/runner\\.ts$' },
    },
    {
      name: 'client-below-cli',
      severity: 'error',
      comment: 'The client library is used by the CLI (and later Slack), never the reverse.',
      from: { path: '^client/' },
      to: { path: '^(cli|workers|devstack)/' },
    },
    {
      name: 'workers-below-cli',
      severity: 'error',
      comment: 'Worker processes are started by the CLI or on their own; they never import it.',
      from: { path: '^workers/' },
      to: { path: '^cli/' },
    },
    {
      name: 'nothing-imports-tests-or-benches',
      severity: 'error',
      comment: 'Test and benchmark support is for tests and benchmarks.',
      from: { pathNot: '^(test|bench)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|chaincode|dist|dist\\.[a-z]+-[^/]*|\\.state|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
