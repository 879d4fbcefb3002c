import type { ConnectOptions } from '../contracts/psa-provider.js';
import type { HttpClientOptions, RetryOptions } from './create-http-client.js';

/** Transport settings an adapter factory takes from its app. */
export interface AdapterTransportOptions {
  /** Time limit of one request attempt, in milliseconds. */
  readonly timeoutMs?: number | undefined;
  /** Retry policy. */
  readonly retry?: Partial<RetryOptions> | undefined;
}

/**
 * The {@link HttpClientOptions} fields an adapter passes through from its own options and from
 * `connect` options (fetch, clock, hooks, the app's User-Agent token, the event context), leaving out the ones not given.
 */
export function transportOptions(
  adapter: AdapterTransportOptions,
  connect: ConnectOptions = {},
): Pick<HttpClientOptions, 'timeoutMs' | 'retry' | 'fetch' | 'clock' | 'hooks' | 'userAgent' | 'context'> {
  return {
    ...(adapter.timeoutMs ? { timeoutMs: adapter.timeoutMs } : {}),
    ...(adapter.retry ? { retry: adapter.retry } : {}),
    ...(connect.fetch ? { fetch: connect.fetch } : {}),
    ...(connect.clock ? { clock: connect.clock } : {}),
    ...(connect.hooks ? { hooks: connect.hooks } : {}),
    ...(connect.userAgent ? { userAgent: connect.userAgent } : {}),
    ...(connect.context ? { context: connect.context } : {}),
  };
}
