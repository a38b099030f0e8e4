/** Runs `work` over items with at most `limit` in flight; rejects with the first error after all settle. */
export async function mapWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let firstError: unknown = null;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        firstError ??= error;
        return;
      }
    }
  });
  await Promise.all(lanes);
  if (firstError !== null) throw firstError;
}
