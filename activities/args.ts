import type { z } from 'zod';
import { InvalidArgumentsError } from './errors/index.js';

/**
 * Validates rendered step arguments with the action's catalogue schema.
 * Templates are rendered in the workflow, so this is the first place their
 * values are type-checked; a mismatch is not worth retrying.
 */
export function parseArgs<S extends z.ZodType>(schema: S, raw: unknown, action: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`);
  throw new InvalidArgumentsError(`Invalid arguments for \`${action}\`: ${problems.join('; ')}`, { action, problems });
}
