/**
 * The two functions of a test framework the conformance suites need. Vitest's, Jest's and
 * `node:test`'s `describe` and `it` all fit, so the suites run anywhere.
 */
export interface ConformanceTestApi {
  /** Groups tests. */
  readonly describe: (name: string, body: () => void) => void;
  /** Declares one test. */
  readonly it: (name: string, body: () => Promise<void>) => void;
}
