import type { LoopbackServer } from './serve-on-loopback.js';

/**
 * What every simulator's `listen()` resolves: the same shape for ConnectWise, Autotask and GoTo.
 *
 * - `credentials`: what a partner would type (pass to `testAndSave` or `connect`);
 * - `clientOptions`: what to pass to the adapter factory (`connectwise()`, `datto()`, `goto()`)
 *   so that it talks to this server;
 * - `close()`: stops the server.
 *
 * @example
 * ```ts
 * const fake = createConnectWiseFake();
 * const running = await fake.listen();
 * const client = await connectwise(running.clientOptions).connect(running.credentials);
 * await running.close();
 * ```
 */
export interface RunningSimulator<Credentials, ClientOptions> {
  /** Base URL, like `http://127.0.0.1:51234`. */
  readonly url: string;
  /** Credentials that pass the connection test against this server. */
  readonly credentials: Credentials;
  /** Options for the adapter factory that point it at this server. */
  readonly clientOptions: ClientOptions;
  /** Stops the server and closes its open connections. */
  close(): Promise<void>;
}

/** Builds the {@link RunningSimulator} of a loopback server. */
export function runningSimulator<Credentials, ClientOptions>(
  server: LoopbackServer,
  credentials: Credentials,
  clientOptions: ClientOptions,
): RunningSimulator<Credentials, ClientOptions> {
  return { url: server.url, credentials, clientOptions, close: () => server.close() };
}
