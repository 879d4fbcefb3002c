import type { HttpHooks } from './http-events.js';

/**
 * Where a bridge writes what it does: `console` fits, and so does any logger with `debug` and
 * `warn` methods taking a message and a plain object. Only secret-free events reach it.
 */
export interface BridgeLogger {
  /** Every request attempt and its answer. */
  debug(message: string, event: object): void;
  /** Retries and vendor records left out because they could not be read. */
  warn(message: string, event: object): void;
}

/** Turns a {@link BridgeLogger} into transport hooks. */
export function hooksFromLogger(logger: BridgeLogger): HttpHooks {
  return {
    onRequest: (event) =>
      logger.debug(`psa-bridge: ${event.method} ${event.url} (attempt ${event.attempt})`, event),
    onResponse: (event) =>
      logger.debug(
        `psa-bridge: ${event.method} ${event.url} answered ${event.status ?? 'nothing'} in ${Math.round(event.durationMs)} ms`,
        event,
      ),
    onRetry: (event) =>
      logger.warn(
        `psa-bridge: ${event.method} ${event.url} failed (${event.reason}); retrying in ${event.delayMs} ms`,
        event,
      ),
    onRecordSkipped: (event) =>
      logger.warn(
        `psa-bridge: a ${event.service} ${event.what}${event.id ? ` (id ${event.id})` : ''} could not be read and was left out: ${event.fields.join(', ')}`,
        event,
      ),
  };
}
