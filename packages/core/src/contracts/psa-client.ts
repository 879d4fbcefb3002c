import type { CallOptions } from './call-options.js';
import type { Company, CompanyFilter, CompanySearch, CompanyStatus, CompanyType } from './company.js';
import type { ConnectionTestResult } from './connection-test.js';
import type { Contact, ContactListOptions } from './contact.js';
import type { VendorRequester } from './vendor-request.js';

/**
 * A connected PSA, read-only by design: no method writes to the PSA (SPEC I5).
 *
 * Contract shared by every method:
 * - lists are `AsyncIterable`s that fetch page by page; `break` stops fetching, and nothing
 *   loads a whole PSA into memory;
 * - lists yield each item once, in the PSA's stable order (ascending id for the built-in adapters);
 * - failures are `PsaBridgeError`s: `AUTHENTICATION` (credentials refused, never retried),
 *   `PERMISSION`, `RATE_LIMITED` (after retries honouring `Retry-After`), `UPSTREAM`, `NETWORK`,
 *   `TIMEOUT`, `RESPONSE_SHAPE` (a payload that does not match the vendor's documented shape),
 *   `ABORTED`; no message or detail ever holds a secret.
 *
 * The conformance suite `runPsaClientConformance` in `@psa-bridge/core/testing` checks all of this.
 */
export interface PsaClient {
  /** Id of the provider that made this client, like `connectwise`. */
  readonly providerId: string;

  /**
   * Checks reachability, authentication and read permission on companies and contacts (SPEC C4).
   * Never throws for those failures: they come back as `{ ok: false, step, reason, message }`.
   * Throws only `ABORTED`.
   */
  testConnection(options?: CallOptions): Promise<ConnectionTestResult>;

  /**
   * Companies whose name contains `query.name` (any letter case), narrowed by status and type
   * ids. Deleted companies and the MSP's own company are never returned. Any user text is safe
   * in `name`: it can never widen the query.
   */
  searchCompanies(query: CompanySearch, options?: CallOptions): AsyncIterable<Company>;

  /** Every company that passes `filter` (all companies without one), with the same exclusions. */
  listCompanies(filter?: CompanyFilter, options?: CallOptions): AsyncIterable<Company>;

  /** The company with this id, or `null` when there is none (or it is deleted or the MSP's own). */
  getCompany(id: string, options?: CallOptions): Promise<Company | null>;

  /** The PSA's company statuses, for filters (SPEC M2). */
  listCompanyStatuses(options?: CallOptions): Promise<readonly CompanyStatus[]>;

  /** The PSA's company types, for filters (SPEC M2). Read from the tenant, never hard-coded. */
  listCompanyTypes(options?: CallOptions): Promise<readonly CompanyType[]>;

  /**
   * Contacts of the company with this id (SPEC I2), each with its primary email chosen by the
   * vendor's rule. A company without contacts, or with an unknown id, yields nothing.
   */
  listContacts(companyId: string, options?: ContactListOptions & CallOptions): AsyncIterable<Contact>;

  /**
   * The escape hatch: a read of the vendor's API the SDK does not model (tickets, configurations,
   * a custom field), through this client's transport (auth, redaction, limits, retries, request
   * ids, origin pinning, typed errors). `GET` only: psa-bridge never writes to a PSA (SPEC I5).
   * Optional for adapters; every adapter psa-bridge ships has it.
   */
  readonly request?: VendorRequester;

  /**
   * One page of companies, from a `cursor` a refresh can keep and resume from (SPEC R1), with the
   * same exclusions as `listCompanies` and in the same order. With `changedSince`, only companies
   * the PSA changed at or after that time, when the PSA can filter so (`changedSinceApplied`
   * says whether it did). Optional: without it, read-model refreshes read `listCompanies`
   * whole. A cursor is the adapter's own text; one from elsewhere is refused with `VALIDATION`.
   */
  listCompanyPage?(request: CompanyPageRequest, options?: CallOptions): Promise<CompanyPageResult>;

  /**
   * The id of every company `listCompanies` would list, and nothing else of them: the cheap read
   * a reconciliation uses to find deleted and merged companies (SPEC R1). Optional.
   */
  listCompanyIds?(options?: CallOptions): AsyncIterable<string>;
}

/** What {@link PsaClient.listCompanyPage} reads. */
export interface CompanyPageRequest {
  /** The `cursor` of the previous page; absent or `null` for the first. */
  readonly cursor?: string | null;
  /** Only companies changed at or after this time (ISO 8601), when the PSA can filter so. */
  readonly changedSince?: string;
}

/** A page of {@link PsaClient.listCompanyPage}. */
export interface CompanyPageResult {
  /** The companies of this page, in the PSA's stable order. */
  readonly items: readonly Company[];
  /** Where the next page starts; `null` after the last page. */
  readonly cursor: string | null;
  /**
   * Whether `changedSince` narrowed the read. `false`: the PSA cannot (or refused to) narrow to
   * changes; the page then holds nothing to trust as changes (often it is empty, with no
   * request sent) and the caller reads again without `changedSince`.
   */
  readonly changedSinceApplied: boolean;
  /** Records left out because they could not be read (each also reported through `onRecordSkipped`). */
  readonly skippedRecords: number;
  /** Ids of companies a `changedSince` read found deleted (where the PSA reports deletions). */
  readonly removedIds?: readonly string[];
}
