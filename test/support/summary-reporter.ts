/**
 * A vitest reporter that ends the run with one plain line CI can parse:
 * `Tests: <passed> passed, <failed> failed, <skipped> skipped`.
 * Used next to vitest's `default` reporter (see vitest.config.ts), after it.
 */
import type { Reporter, TestModule } from 'vitest/node';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts test cases by result; a file that failed outside any test counts as one failure. */
export function countResults(modules: readonly TestModule[], unhandledErrors: number): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of modules) {
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') failedHere++;
      else counts.skipped++;
    }
    // A syntax error or a failing beforeAll fails the file without failing a test:
    // still a failure CI must see.
    if (failedHere === 0 && (module.state() === 'failed' || module.errors().length > 0)) failedHere = 1;
    counts.failed += failedHere;
  }
  counts.failed += unhandledErrors;
  return counts;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): void {
    const { passed, failed, skipped } = countResults(testModules, unhandledErrors.length);
    process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
