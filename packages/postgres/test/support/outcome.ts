/**
 * Runs `work` and resolves what it threw (or `undefined` when it did not), failing the test with
 * `hung` when it neither resolves nor rejects within `ms`: bad input must never hang.
 */
export async function outcomeOf(work: () => unknown, ms = 5_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('hung')), ms);
  });
  try {
    await Promise.race([Promise.resolve().then(work), hang]);
    return undefined;
  } catch (error) {
    if (error instanceof Error && error.message === 'hung') throw error;
    return error;
  } finally {
    clearTimeout(timer);
  }
}
