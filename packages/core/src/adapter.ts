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

export type { AnyPsaProvider } from './connections/connection-service.js';
export { connectionTestFailure } from './connections/connection-test-failure.js';
export { parseCredentials } from './connections/parse-credentials.js';
export { distinctEmails } from './contacts/distinct-emails.js';
// The ports an adapter or a store implements, and the types they speak in: everything an
// adapter needs comes from this entry (and `@psa-bridge/core/testing` for its tests).
export type { CallOptions, CallRetryOptions } from './contracts/call-options.js';
export type {
  ChoiceRef,
  Company,
  CompanyFilter,
  CompanySearch,
  CompanyStatus,
  CompanyType,
} from './contracts/company.js';
export type { ConnectionRecord } from './contracts/connection.js';
export type {
  ConnectionTestFacts,
  ConnectionTestReason,
  ConnectionTestResult,
  ConnectionTestStep,
} from './contracts/connection-test.js';
export type { Contact, ContactListOptions } from './contracts/contact.js';
export { GOTO_LIMITS } from './contracts/goto-limits.js';
export type { GotoTokenRecord, GotoTokenStore, StoredGotoTokens } from './contracts/goto-tokens.js';
export type {
  CreateUserOutcome,
  CreateUsersOptions,
  GotoRole,
  LicenseSeats,
  NewGotoUser,
} from './contracts/goto-types.js';
export type { CompanyPageRequest, CompanyPageResult, PsaClient } from './contracts/psa-client.js';
export type { ConnectOptions, PsaProvider } from './contracts/psa-provider.js';
export type { RateLimitRule, SharedRateLimit } from './contracts/rate-limiter.js';
export type {
  AppendOptions,
  ConnectionStore,
  EndUserChannel,
  ImportJournal,
  ImportLease,
  IntentEntry,
  JournalEntry,
  JournalEntryBase,
  LeaseClaim,
  LeaseFence,
  MappingSource,
  MappingStore,
  OutcomeEntry,
  PageRequest,
  RunFinishedEntry,
  RunStartedEntry,
  StorePage,
  WeakEndUserStore,
} from './contracts/stores.js';
export type { VendorRequest, VendorRequester, VendorResponse } from './contracts/vendor-request.js';
// Building blocks an adapter uses.
export { type EmailAddress, normalizeEmail, parseEmailAddress } from './email/parse-email-address.js';
export type { ErrorCode } from './errors/error-code.js';
export { isHttpError, isPsaBridgeError } from './errors/guards.js';
export { HttpError, type HttpErrorRequest } from './errors/http-error.js';
export { PsaBridgeError, type PsaBridgeErrorOptions } from './errors/psa-bridge-error.js';
export type { ShapeIssue } from './errors/response-shape-error.js';
export { CauseSummary, summarizeCause } from './errors/safe-cause.js';
export { type ArgumentSchemas, checkArgument, withArgumentChecks } from './guard/check-arguments.js';
export { guardMethods } from './guard/guard-methods.js';
export { guardGotoClient, guardPsaClient } from './guard/guard-ports.js';
export { guardStores } from './guard/guard-stores.js';
export { toTypedError } from './guard/to-typed-error.js';
export type { BackoffOptions } from './http/backoff.js';
export { basicCredentials } from './http/basic-credentials.js';
export { buildUrl, type QueryParams } from './http/build-url.js';
export { type CallSettings, callSettings } from './http/call-settings.js';
export { abortedError, type Clock, systemClock, throwIfAborted } from './http/clock.js';
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
export type { EventContext, HttpHooks } from './http/http-events.js';
export { parseJsonKeepingBigIntegers } from './http/lossless-json.js';
export { isLoopbackHost, isSafeServiceUrl } from './http/origin-policy.js';
export type { PacingOptions } from './http/pacer.js';
export { type ParseRecordsContext, parseRecords, type RecordSkippedEvent } from './http/parse-records.js';
export { formatIssuePath, parseResponse, toShapeIssues } from './http/parse-response.js';
export { parseRetryAfter } from './http/retry-after.js';
export { type AdapterTransportOptions, transportOptions } from './http/transport-options.js';
export { extractVendorMessage } from './http/vendor-message.js';
export { sendVendorRequest, type VendorRequestTarget } from './http/vendor-request.js';
export { countSkippedRecords, type SkipCounter } from './pagination/count-skipped.js';
export { nameContains } from './pagination/name-contains.js';
export { checkNextPageUrl } from './pagination/next-page-url.js';
export { DEFAULT_MAX_PAGES, type PaginateOptions, paginate, type VendorPage } from './pagination/paginate.js';
export { createRedactor, type Redactor } from './secrets/redactor.js';
export { isSecret, REDACTED_TEXT, revealSecret } from './secrets/secret.js';
export { createMemoryConnectionStore } from './stores/connection-store-memory.js';
export { createMemoryGotoTokenStore } from './stores/goto-token-store-memory.js';
export { createMemoryImportJournal } from './stores/import-journal-memory.js';
export { createMemoryMappingStore } from './stores/mapping-store-memory.js';
export { checkPageRequest, MAX_PAGE, pageOf } from './stores/page-of.js';
export { createMemoryWeakEndUserStore, weakEndUserKey } from './stores/weak-end-user-store-memory.js';
export { clipText } from './text/clip-text.js';
export { isWellFormedText } from './text/well-formed.js';
