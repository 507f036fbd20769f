#!/usr/bin/env node
// Launcher for `npx swaybot`: loads tsx's TypeScript hooks in this process, then runs cli/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
