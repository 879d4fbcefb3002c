/**
 * psa-bridge core: the vendor-free contracts (ports), rules and services that connect GoTo
 * accounts with PSA systems. Adapters (`@psa-bridge/connectwise`, `@psa-bridge/datto`,
 * `@psa-bridge/goto`) implement the ports; this package owns every rule of the SPEC.
 *
 * @example
 * ```ts
 * import { displayNameFromEmail } from '@psa-bridge/core';
 * displayNameFromEmail('claire.johnson@myorg.org').displayName; // 'Claire Johnson'
 * ```
 *
 * @module
 */
export { type Bridge, type BridgeHooks, type BridgeOptions, createBridge } from './bridge/create-bridge.js';
export {
  type AnyPsaProvider,
  type ConnectionChanges,
  type ConnectionService,
  type ConnectionServiceDeps,
  type ConnectionTestFailure,
  createConnectionService,
  type NewConnection,
  type NewConnectionFor,
  type SaveResult,
} from './connections/connection-service.js';
export type { CallOptions, CallRetryOptions } from './contracts/call-options.js';
export type {
  ChoiceRef,
  Company,
  CompanyFilter,
  CompanySearch,
  CompanyStatus,
  CompanyType,
} from './contracts/company.js';
export type { Connection, ConnectionRecord } from './contracts/connection.js';
export type {
  ConnectionTestFacts,
  ConnectionTestReason,
  ConnectionTestResult,
  ConnectionTestStep,
} from './contracts/connection-test.js';
export type { Contact, ContactListOptions } from './contracts/contact.js';
export type { GotoClient } from './contracts/goto-client.js';
export { GOTO_LIMITS } from './contracts/goto-limits.js';
export { GOTO_PRODUCTS, type GotoProduct } from './contracts/goto-products.js';
export type {
  CreateUserOutcome,
  CreateUsersOptions,
  GotoAccount,
  GotoRole,
  GotoUser,
  License,
  LicenseSeats,
  NewGotoUser,
} from './contracts/goto-types.js';
export type { PsaClient } from './contracts/psa-client.js';
export type { ConnectOptions, PsaProvider } from './contracts/psa-provider.js';
export type { RateLimiter, RateLimitRule, SharedRateLimit } from './contracts/rate-limiter.js';
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
  Mapping,
  MappingSource,
  MappingStore,
  OutcomeEntry,
  PageRequest,
  RunFinishedEntry,
  RunStartedEntry,
  StorePage,
  WeakEndUser,
  WeakEndUserStore,
} from './contracts/stores.js';
export {
  type DisplayName,
  type DisplayNameOptions,
  type DisplayNameRule,
  displayNameFromEmail,
  type PersonName,
} from './email/display-name-from-email.js';
export { emailKey } from './email/email-key.js';
export { type EmailAddress, normalizeEmail, parseEmailAddress } from './email/parse-email-address.js';
export {
  createEndUserService,
  type EndUserService,
  type EndUserServiceDeps,
  type InboundRequest,
  type InboundResolution,
} from './end-users/end-user-service.js';
export { ERROR_CODES, type ErrorCode } from './errors/error-code.js';
export { isHttpError, isPsaBridgeError, isRateLimitError, isResponseShapeError } from './errors/guards.js';
export { HttpError, type HttpErrorRequest } from './errors/http-error.js';
export { type ErrorDetails, PsaBridgeError, type PsaBridgeErrorOptions } from './errors/psa-bridge-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export { ResponseShapeError, type ShapeIssue } from './errors/response-shape-error.js';
export { abortedError, type Clock, systemClock, throwIfAborted } from './http/clock.js';
export type {
  EventContext,
  HttpHooks,
  HttpRequestEvent,
  HttpResponseEvent,
  HttpRetryEvent,
} from './http/http-events.js';
export { type BridgeLogger, hooksFromLogger } from './http/logger-hooks.js';
export { createMemoryRateLimiter } from './http/memory-rate-limiter.js';
export type { RecordSkippedEvent } from './http/parse-records.js';
export type { ImportBatchEvent, ImportHooks } from './import/import-events.js';
export { createImportService, type ImportService, type ImportServiceDeps } from './import/import-service.js';
export {
  type ImportPlan,
  type PlanDeps,
  type PlanReason,
  type PlanRequest,
  type PlanRow,
  planImport,
  type SeatShortage,
} from './import/plan-import.js';
export { derivePlanKey, verifyPlan } from './import/plan-seal.js';
export {
  type FailureReason,
  type ImportProgress,
  type ImportReport,
  type ReportReason,
  type ReportRow,
  type ReportTotals,
  type RunDeps,
  type RunOptions,
  runImport,
} from './import/run-import.js';
export { domainsFromUsers } from './matching/account-domains.js';
export type { AutoMapOptions, AutoMapProgress, AutoMapReport, AutoMapRow } from './matching/auto-map.js';
export { type CompanyIndex, createCompanyIndex } from './matching/company-index.js';
export { withDomainEvidence } from './matching/domain-evidence.js';
export {
  type AccountMapping,
  type CompanyPage,
  createMappingService,
  type MappingInput,
  type MappingService,
  type MappingServiceDeps,
  type SuggestOptions,
  searchWords,
} from './matching/mapping-service.js';
export { holdsEveryWord, type MatchOptions, matchAccount } from './matching/match-account.js';
export {
  type FoundMatch,
  type MatchCandidate,
  type MatchConfidence,
  type MatchOutcome,
  type MatchResult,
  type OpenMatch,
  SAFE_CONFIDENCES,
} from './matching/match-result.js';
export { LEGAL_FORMS, normalizeCompanyName } from './matching/normalize-company-name.js';
export type {
  MappingHealthReport,
  MappingIssue,
  MappingProblem,
} from './matching/verify-mappings.js';
export { domainOfEmail, domainOfWebsite, PUBLIC_MAIL_DOMAINS, sameDomain } from './matching/web-domain.js';
export { createRedactor, type Redactor } from './secrets/redactor.js';
export { isSecret, REDACTED_TEXT, revealSecret, Secret } from './secrets/secret.js';
export {
  createJsonFileConnectionStore,
  createMemoryConnectionStore,
  type JsonFileConnectionStoreOptions,
} from './stores/connection-store.js';
export {
  createJsonFileStores,
  createMemoryStores,
  type JsonFileStoresOptions,
  type Stores,
} from './stores/create-stores.js';
export { createJsonLinesImportJournal, createMemoryImportJournal } from './stores/import-journal.js';
export { createJsonFileMappingStore, createMemoryMappingStore } from './stores/mapping-store.js';
export { checkPageRequest, MAX_PAGE, pageOf } from './stores/page-of.js';
export {
  createSealer,
  readSecretKey,
  type SealedValue,
  type Sealer,
  type SecretKey,
} from './stores/sealer.js';
export {
  createJsonFileWeakEndUserStore,
  createMemoryWeakEndUserStore,
  weakEndUserKey,
} from './stores/weak-end-user-store.js';
