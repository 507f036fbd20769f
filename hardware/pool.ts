/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight, keeping results in input
 * order. `fn` should not throw (fleet callers turn failures into result values); if it does,
 * the first error rejects the whole run after in-flight calls settle.
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  // Each lane takes the next unclaimed index until none are left; no queue object needed.
  const lane = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}
