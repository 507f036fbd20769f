/**
 * Test activities that record every call in order, so tests can check what ran,
 * what was compensated, and in which order.
 */
import { Context } from '@temporalio/activity';

export interface Recorder {
  calls: string[];
  activities: {
    record(args: { name: string }): Promise<string>;
    flaky(args: { name: string; failures: number }): Promise<string>;
  };
}

export function recorder(): Recorder {
  const calls: string[] = [];
  return {
    calls,
    activities: {
      /** Records `name` and returns it. */
      async record(args) {
        calls.push(args.name);
        return args.name;
      },
      /** Fails its first `failures` attempts, then records `name`. */
      async flaky(args) {
        const attempt = Context.current().info.attempt;
        calls.push(`${args.name}#${attempt}`);
        if (attempt <= args.failures) throw new Error(`${args.name} failed on attempt ${attempt}`);
        return `${args.name} ok after ${attempt}`;
      },
    },
  };
}
