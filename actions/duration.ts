import { z } from 'zod';

/** A duration param: `30s`, `5m`, `2h`, or milliseconds. */
export const durationParam = z.union([
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'expected a duration such as 30s, 5m or 2h'),
  z.number().nonnegative(),
]);
