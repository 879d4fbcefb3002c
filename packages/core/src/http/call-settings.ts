import type { CallOptions, CallRetryOptions } from '../contracts/call-options.js';
import type { EventContext } from './http-events.js';

/** The transport settings of a call, as an adapter hands them to `http.request`. */
export interface CallSettings {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly retry?: CallRetryOptions;
  readonly context?: EventContext;
}

/**
 * The settings of `call` that reach the vendor requests it makes (signal, time limit, retries,
 * event context), leaving out those not given. Adapters spread it into each `http.request` and
 * services into each port call, so nothing a caller sets is dropped on the way.
 *
 * @example
 * ```ts
 * await http.request({ method: 'GET', path: '/company/companies', ...callSettings(call) });
 * ```
 */
export function callSettings(call: CallOptions | undefined): CallSettings {
  if (!call) return {};
  return {
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
    ...(call.retry ? { retry: call.retry } : {}),
    ...(call.context ? { context: call.context } : {}),
  };
}

/**
 * Call options with defaults under them and a context merged in: what the call passes wins,
 * context fields set by the call win over the bound ones.
 */
export function withCallDefaults<O extends CallOptions>(
  call: O | undefined,
  defaults: Pick<CallOptions, 'timeoutMs' | 'retry'>,
  context: EventContext,
): O {
  const given = (call ?? {}) as O;
  return {
    ...defaults,
    ...given,
    ...(defaults.retry && given.retry ? { retry: { ...defaults.retry, ...given.retry } } : {}),
    context: { ...context, ...given.context },
  };
}
