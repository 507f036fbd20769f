#!/usr/bin/env node
// The one entry of the `swaybot` command (`npx swaybot`, `npm start`, `npm run swaybot`):
// loads tsx's TypeScript hooks in this process, then runs cli/program.ts with the real process.
import { register } from 'tsx/esm/api';

register();
const [{ runCli }, { processIO }] = await Promise.all([import('../cli/program.ts'), import('../cli/process-io.ts')]);
// Sets the exit code rather than calling process.exit: piped stdout (tests, `| jq`) is flushed first.
process.exitCode = await runCli(process.argv.slice(2), processIO());
