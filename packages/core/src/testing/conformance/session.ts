import type { Clock } from '../../http/clock.js';
import { createTestClock, type TestClock } from '../test-clock.js';

/** What both conformance suites ask of one backend and its client. */
export interface ConformanceSessionBase<Client> {
  /** A client with valid credentials, built with the context's clock. */
  readonly client: Client;
  /** A client whose credentials are refused (its creation may itself reject with `AUTHENTICATION`). */
  connectWithBadCredentials(): Promise<Client>;
  /** Every secret the clients know: none may appear in any error. */
  readonly secrets: readonly string[];
  /** Requests the backend has received so far. */
  requests(): number;
  /** Requests the backend refused for their credentials so far. */
  authFailures(): number;
  /** Releases the backend. */
  close?(): Promise<void>;
}

/** Runs a test body with a fresh backend built by `setup`, closing it afterwards. */
export function sessionRunner<Seed, Session extends ConformanceSessionBase<unknown>>(
  seed: Seed,
  setup: (context: { readonly seed: Seed; readonly clock: Clock }) => Promise<Session>,
) {
  return (body: (session: Session, clock: TestClock) => Promise<void>) => async (): Promise<void> => {
    const clock = createTestClock();
    const session = await setup({ seed, clock });
    try {
      await body(session, clock);
    } finally {
      await session.close?.();
    }
  };
}
