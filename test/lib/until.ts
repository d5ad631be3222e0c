/** Waiting, in tests, for something that happens in another process or later in this one. */

/** Resolves once `test` holds (checked every 20 ms); rejects, naming `what`, after `timeoutMs`. */
export async function until(
  test: () => boolean | Promise<boolean>,
  { what = 'the condition', timeoutMs = 15_000 }: { what?: string; timeoutMs?: number } = {},
): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await test()); ) {
    if (Date.now() > end) throw new Error(`${what} did not hold within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
