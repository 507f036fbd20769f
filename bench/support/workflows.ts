/** Workflow bundle entry for the benchmark: the interpreter and its hand-written anchor, in one worker. */
export { runbookWorkflow } from '../../workflows/index.js';
export { handwrittenWorkflow } from './handwritten-workflow.js';
