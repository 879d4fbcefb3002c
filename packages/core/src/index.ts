/**
 * psa-bridge for apps: create a bridge between a partner's GoTo account and its PSA, and use its
 * connections, mappings, imports and helpdesk end users. Runs anywhere `fetch` does (memory
 * stores); the Node-only JSON-file stores are in `@psa-bridge/core/node`, the pieces for adapter
 * and store authors in `@psa-bridge/core/adapter`, OpenTelemetry in `@psa-bridge/core/otel`.
 *
 * @example
 * ```ts
 * import { createBridge } from '@psa-bridge/core';
 * const bridge = createBridge({ providers: [connectwise(), datto()], goto: goto({ auth }) });
 * ```
 *
 * @module
 */

export {
  type Bridge,
  type BridgeHooks,
  type BridgeMappings,
  type BridgeOptions,
  createBridge,
} from './bridge/create-bridge.js';
export type {
  ConnectionChanges,
  ConnectionService,
  ConnectionTestFailure,
  NewConnection,
  NewConnectionFor,
  SaveResult,
} from './connections/connection-service.js';
export type { CallOptions, CallRetryOptions } from './contracts/call-options.js';
export type { Company, CompanySearch, CompanyStatus, CompanyType } from './contracts/company.js';
export type { Connection } from './contracts/connection.js';
export type { Contact } from './contracts/contact.js';
export type { GotoClient } from './contracts/goto-client.js';
export { GOTO_PRODUCTS, type GotoProduct } from './contracts/goto-products.js';
export type { GotoAccount, GotoUser, License } from './contracts/goto-types.js';
export type { PsaProvider } from './contracts/psa-provider.js';
export type { RateLimiter } from './contracts/rate-limiter.js';
export type { Mapping, WeakEndUser } from './contracts/stores.js';
export type { VendorRequest, VendorRequester, VendorResponse } from './contracts/vendor-request.js';
export type { EndUserService, InboundRequest, InboundResolution } from './end-users/end-user-service.js';
export { adviceFor, ERRORS_GUIDE } from './errors/advice.js';
export { ERROR_CODES, type ErrorCode } from './errors/error-code.js';
export { isHttpError, isPsaBridgeError, isRateLimitError, isResponseShapeError } from './errors/guards.js';
export { HttpError } from './errors/http-error.js';
export { type ErrorDetails, PsaBridgeError } from './errors/psa-bridge-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export { ResponseShapeError } from './errors/response-shape-error.js';
export type {
  EventContext,
  HttpHooks,
  HttpRequestEvent,
  HttpResponseEvent,
  HttpRetryEvent,
} from './http/http-events.js';
export { type BridgeLogger, hooksFromLogger } from './http/logger-hooks.js';
export { createMemoryRateLimiter, lateAfterMs, wokeTooLate } from './http/memory-rate-limiter.js';
export type { RecordSkippedEvent } from './http/parse-records.js';
export type { ImportBatchEvent } from './import/import-events.js';
export type { ImportService } from './import/import-service.js';
export type { ImportPlan, PlanReason, PlanRequest, PlanRow, SeatShortage } from './import/plan-import.js';
export { derivePlanKey } from './import/plan-seal.js';
export type {
  FailureReason,
  ImportProgress,
  ImportReport,
  ReportReason,
  ReportRow,
  ReportTotals,
  RunOptions,
} from './import/run-import.js';
export type { AutoMapOptions, AutoMapProgress, AutoMapReport, AutoMapRow } from './matching/auto-map.js';
export type { CompanyPage } from './matching/company-search-pages.js';
export type {
  AccountMapping,
  MappingInput,
  MappingService,
  SuggestOptions,
} from './matching/mapping-service.js';
export type {
  FoundMatch,
  MatchCandidate,
  MatchConfidence,
  MatchResult,
  OpenMatch,
} from './matching/match-result.js';
export type { MappingHealthReport, MappingIssue, MappingProblem } from './matching/verify-mappings.js';
export type { Page, PageOptions } from './pagination/page.js';
export type {
  AccountCounts,
  AccountFilter,
  AccountPage,
  AccountPageOptions,
  AccountRow,
} from './read-model/account-view.js';
export type { RefreshOptions, RefreshPart, RefreshReport } from './read-model/read-model-service.js';
export type {
  ReadModelRow,
  ReadModelStaging,
  ReadModelState,
  ReadModelStateInput,
  ReadModelStore,
} from './read-model/read-model-store.js';
export { createMemoryReadModelStore } from './read-model/read-model-store-memory.js';
export type { ReconcileReport } from './read-model/reconcile-scope.js';
export type { ScopeRefreshReport } from './read-model/refresh-scope.js';
export { Secret } from './secrets/secret.js';
export type { Stores } from './stores/create-stores.js';
export { createMemoryStores } from './stores/create-stores.js';
export type { SecretKey } from './stores/secret-key.js';
