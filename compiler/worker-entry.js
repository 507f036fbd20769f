// Entry of the compile worker thread: a worker does not inherit the TypeScript
// hooks of the thread that starts it (Node 20), so it loads tsx's, then the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
