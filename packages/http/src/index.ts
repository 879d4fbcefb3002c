/**
 * `@psa-bridge/http`: the whole psa-bridge flow as HTTP routes an app mounts in one line, on
 * Hono's router. One Fetch-API handler for Hono, Next.js route handlers, Bun and Deno, and
 * {@link toNodeHandler} for Node's `http` and Express. The tenant comes only from the app's own
 * `resolve(request)`; plans stay on the server; long runs answer at once and report progress by
 * polling and Server-Sent Events, and can be cancelled; errors are
 * `{ error: { code, message, details, requestId } }`; cross-site writes, unknown fields and
 * oversized bodies are refused; the OpenAPI 3.1 document is at `GET {basePath}/openapi.json`.
 *
 * @example
 * ```ts
 * import { createHttpHandler } from '@psa-bridge/http';
 * const handler = createHttpHandler({ resolve: async (request) => ({ tenant: 'partner-1', bridge }) });
 * ```
 *
 * @module
 */
export type { ErrorBody } from './errors.js';
export type { RateLimit, TenantLimiter, TenantLimits } from './guards/tenant-limits.js';
export {
  createHttpHandler,
  type HttpHandlerOptions,
  type HttpResponseEvent,
  type ResolvedTenant,
  ROUTES,
} from './handler.js';
export { toNodeHandler } from './node-handler.js';
export { createMemoryPlanStore, type PlanRun, type PlanStore, type StoredPlan } from './plan-store.js';
export type { Answer, RouteInput, RouteSpec } from './route.js';
export type { CredentialField } from './routes/providers.js';
export type { HttpJobQueue, RunRegistry, RunStatus } from './runs.js';
