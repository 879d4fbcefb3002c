/** One measured figure: the median of several runs, with the spread. */
export interface Measurement {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
}

/**
 * Runs `task` `runs` times after one warm-up run and reports the median: these machines are
 * shared and noisy, so single timings mean little and only medians and same-run ratios are
 * reported.
 */
export async function measure(task: () => unknown | Promise<unknown>, runs = 5): Promise<Measurement> {
  await task();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)] ?? 0,
    minMs: times[0] ?? 0,
    maxMs: times[times.length - 1] ?? 0,
    runs,
  };
}

/** Formats milliseconds for a report line. */
export const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
