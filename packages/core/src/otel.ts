/**
 * OpenTelemetry for psa-bridge: spans for every vendor request and import batch, counters for
 * requests, retries, 429s and created users. Needs `@opentelemetry/api` (an optional peer
 * dependency); pass the hooks to `createBridge({ hooks })`.
 *
 * @example
 * ```ts
 * import { openTelemetryHooks } from '@psa-bridge/core/otel';
 * const hooks = openTelemetryHooks();
 * ```
 *
 * @module
 */
export { type OpenTelemetryOptions, openTelemetryHooks } from './otel/open-telemetry-hooks.js';
