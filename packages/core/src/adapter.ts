/**
 * For adapter authors: the pieces every psa-bridge adapter is built from, so a third party's
 * adapter (HaloPSA, Syncro) behaves like ours. The one HTTP transport (retries, pacing,
 * time limits, redirects never followed, credentials only to the vendor's origin, redaction),
 * paging written once, record and response parsing, connection-test failures, credential
 * parsing, and the guards that let only typed errors out. Apps import `@psa-bridge/core`.
 *
 * @example
 * ```ts
 * import { createHttpClient, guardPsaClient, paginate } from '@psa-bridge/core/adapter';
 * ```
 *
 * @module
 */
export { connectionTestFailure } from './connections/connection-test-failure.js';
export { parseCredentials } from './connections/parse-credentials.js';
export { distinctEmails } from './contacts/distinct-emails.js';
export { CauseSummary, summarizeCause } from './errors/safe-cause.js';
export { type ArgumentSchemas, checkArgument, withArgumentChecks } from './guard/check-arguments.js';
export { guardMethods } from './guard/guard-methods.js';
export { guardGotoClient, guardPsaClient } from './guard/guard-ports.js';
export { guardStores } from './guard/guard-stores.js';
export { toTypedError } from './guard/to-typed-error.js';
export type { BackoffOptions } from './http/backoff.js';
export { buildUrl, type QueryParams } from './http/build-url.js';
export { type CallSettings, callSettings } from './http/call-settings.js';
export { combineHooks, createHookRelay, type HookRelay } from './http/combine-hooks.js';
export {
  createHttpClient,
  type FailureInterpretation,
  type HttpClient,
  type HttpClientOptions,
  type HttpFailure,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type RetryOptions,
} from './http/create-http-client.js';
export { headerSafeString, isHeaderSafe } from './http/header-safety.js';
export { parseJsonKeepingBigIntegers } from './http/lossless-json.js';
export { isLoopbackHost, isSafeServiceUrl } from './http/origin-policy.js';
export type { PacingOptions } from './http/pacer.js';
export { type ParseRecordsContext, parseRecords, type RecordSkippedEvent } from './http/parse-records.js';
export { formatIssuePath, parseResponse, toShapeIssues } from './http/parse-response.js';
export { parseRetryAfter } from './http/retry-after.js';
export { type AdapterTransportOptions, transportOptions } from './http/transport-options.js';
export { extractVendorMessage } from './http/vendor-message.js';
export { nameContains } from './pagination/name-contains.js';
export { checkNextPageUrl } from './pagination/next-page-url.js';
export { DEFAULT_MAX_PAGES, type Page, type PaginateOptions, paginate } from './pagination/paginate.js';
export { clipText } from './text/clip-text.js';
export { isWellFormedText } from './text/well-formed.js';
