#!/usr/bin/env node
// The one entry of the `swaybot` command (`npx swaybot`, `npm start`, `npm run swaybot`): runs
// cli/program.ts with the real process. It runs the compiled CLI in dist/ when that was built
// from the sources as they are now (bootstrap builds it), which starts about twice as fast;
// otherwise (no build, sources edited since, or SWAYBOT_FROM_SOURCE=1) it registers tsx's
// TypeScript hooks and runs the sources, silently, so nobody ever runs stale code.
import { fileURLToPath, URL } from 'node:url';
import { distStaleReason } from './dist-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fromDist = !process.env.SWAYBOT_FROM_SOURCE && distStaleReason(root) === undefined;
let entries;
if (fromDist) {
  entries = [import('../dist/cli/program.js'), import('../dist/cli/process-io.js')];
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entries = [import('../cli/program.ts'), import('../cli/process-io.ts')];
}
const [{ runCli }, { processIO }] = await Promise.all(entries);
// Sets the exit code rather than calling process.exit: piped stdout (tests, `| jq`) is flushed first.
process.exitCode = await runCli(process.argv.slice(2), processIO());
