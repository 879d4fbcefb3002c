import { requireAccount } from '../accounts/require-account.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { Company, CompanySearch, CompanyStatus, CompanyType } from '../contracts/company.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import type { Mapping, MappingSource, MappingStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import type { Clock } from '../http/clock.js';
import {
  createPage,
  decodeCursor,
  encodeCursor,
  type Page,
  type PageOptions,
  singlePage,
} from '../pagination/page.js';
import { domainsFromUsers, normalizeDomains } from './account-domains.js';
import { type AutoMapOptions, type AutoMapReport, autoMapAll } from './auto-map.js';
import { isInactive } from './company-inactive.js';
import { type CompanyPage, createCompanySearch } from './company-search-pages.js';
import { type MatchOptions, matchAccount } from './match-account.js';
import type { MatchResult } from './match-result.js';
import { LEGAL_FORMS } from './normalize-company-name.js';
import { type MappingHealthReport, verifyMappings } from './verify-mappings.js';

/** A GoTo account with its mapping state for one connection: the "PSA mappings" column (SPEC C5). */
export interface AccountMapping {
  /** The GoTo account. */
  readonly account: GotoAccount;
  /** Its mapping for the connection, or `null` when unmapped. */
  readonly mapping: Mapping | null;
}

/** What to map, for {@link MappingService.save}. */
export interface MappingInput {
  /** The connection. */
  readonly connectionId: string;
  /** The GoTo account key. */
  readonly accountKey: string;
  /** The PSA company id. */
  readonly companyId: string;
  /** Who chose it. @default 'manual' */
  readonly source?: MappingSource;
  /**
   * Map the account even when the company is inactive in the PSA. Without it, an inactive company
   * is refused with `CONFLICT` (reason `company-inactive`, SPEC R3). @default false
   */
  readonly allowInactive?: boolean;
}

/** Mapping GoTo accounts to PSA companies (SPEC C5, M1-M4). */
export interface MappingService {
  /** Every GoTo account with its mapping for the connection (C5). */
  accounts(connectionId: string, options?: CallOptions): Promise<Page<AccountMapping>>;
  /**
   * The automatic search for one account (M1): a name search in the PSA, then local scoring.
   * Resolves `found`, `none` or `multiple` with the evidence.
   */
  suggest(connectionId: string, account: GotoAccount, options?: SuggestOptions): Promise<MatchResult>;
  /** The PSA's statuses and types, for the manual search filters (M2). */
  filters(
    connectionId: string,
    options?: CallOptions,
  ): Promise<{ statuses: readonly CompanyStatus[]; types: readonly CompanyType[] }>;
  /** Manual search by name, status and type, page by page (M2). */
  search(connectionId: string, query: CompanySearch, options?: PageOptions): Promise<CompanyPage>;
  /**
   * Maps an account to a company for a connection (M3), replacing any mapping it had: one
   * company per account per connection. Rejects with `NOT_FOUND` when the company does not
   * exist in the PSA or the connection is unknown.
   */
  save(input: MappingInput, options?: CallOptions): Promise<Mapping>;
  /** Re-points an existing mapping (M3); rejects with `NOT_FOUND` when the account is not mapped. */
  update(input: MappingInput, options?: CallOptions): Promise<Mapping>;
  /** Deletes a mapping (M3, "Unmap"); `deleted` is `false` when there was none. */
  delete(
    connectionId: string,
    accountKey: string,
    options?: CallOptions,
  ): Promise<{ readonly deleted: boolean }>;
  /** The mapping of an account, or `null`. */
  get(connectionId: string, accountKey: string, options?: CallOptions): Promise<Mapping | null>;
  /**
   * A connection's mappings, a page at a time in account-key order (100 per page by default, at
   * most 10,000); `for await` over the page reads them all.
   */
  list(connectionId: string, options?: PageOptions): Promise<Page<Mapping>>;
  /**
   * Maps every unmapped account at once (M4): reads the PSA's companies once, page by page, and
   * matches locally, so requests grow with the number of companies, not of accounts. Saves only
   * the safe `found` outcomes (`exact`, `typo` or `domain` confidence) unless told otherwise or
   * `dryRun`; everything else is in `review` with its candidates and reasons. Never overwrites a
   * mapping; several accounts may map to one company, and such rows are flagged.
   */
  autoMapAll(connectionId: string, options?: AutoMapOptions): Promise<AutoMapReport>;
  /**
   * Checks a connection's mappings against the PSA (M6): mappings whose company was deleted,
   * became inactive or was renamed since it was mapped, each with a suggested re-map. Reads the
   * PSA page by page: requests grow with the companies per page, not with the mappings.
   */
  verify(connectionId: string, options?: CallOptions): Promise<MappingHealthReport>;
}

/** What the mapping service needs. */
export interface MappingServiceDeps {
  /** The connections, for their PSA clients. */
  readonly connections: ConnectionService;
  /** Where mappings live. */
  readonly mappings: MappingStore;
  /** The GoTo side, for the accounts. */
  readonly goto: GotoClient;
  /**
   * The accounts auto-map matches, when they come from elsewhere than GoTo (the read model's
   * copy). Saving still checks the account with GoTo. @default `goto.listAccounts`
   */
  readonly accounts?: (options: CallOptions) => Promise<readonly GotoAccount[]>;
  /** Time, for `mappedAt`. */
  readonly clock: Clock;
  /** Thresholds of the matcher. */
  readonly matching?: MatchOptions;
}

/** Results read per server-side search word in {@link MappingService.suggest}. */
const SUGGEST_LIMIT = 200;

/** The words worth searching the PSA for: long ones first, legal forms left out, accents both ways. */
export function searchWords(name: string): string[] {
  const words = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !LEGAL_FORMS.has(word) && word !== 'the');
  const folded = words.map((word) => word.normalize('NFKD').replace(/\p{M}+/gu, ''));
  const unique = [...new Set([...words, ...folded])].sort((a, b) => b.length - a.length);
  return unique.slice(0, 3);
}

/** Options of {@link MappingService.suggest}. */
export interface SuggestOptions extends CallOptions {
  /** Web or email domains the app knows for the account (`acme.example`), used as evidence (M5). */
  readonly domains?: readonly string[];
  /**
   * Also derive domains from the email domains of the account's GoTo users (M5). Costs one GoTo
   * request per page of the account's users (100 users per page by default). @default false
   */
  readonly domainsFromUsers?: boolean;
}

/** Creates the {@link MappingService}. */
export function createMappingService(deps: MappingServiceDeps): MappingService {
  const now = (): string => new Date(deps.clock.now()).toISOString();

  const store = async (input: MappingInput, options: CallOptions): Promise<Mapping> => {
    const client = await deps.connections.client(input.connectionId, options);
    await requireAccount(deps.goto, input.accountKey, options);
    // Read from the PSA now, never from the read model's copy (SPEC R3).
    const company = await client.getCompany(input.companyId, options);
    if (!company) {
      throw new PsaBridgeError('NOT_FOUND', `The PSA has no company with id "${input.companyId}"`, {
        details: { companyId: input.companyId },
      });
    }
    if (!input.allowInactive && (await isInactive(client, company, options))) {
      throw new PsaBridgeError(
        'CONFLICT',
        `Company "${company.name}" (id ${company.id}) is inactive in the PSA (status "${company.status?.name ?? ''}"): map an active company, or pass allowInactive`,
        {
          details: {
            reason: 'company-inactive',
            companyId: company.id,
            companyName: company.name,
            ...(company.status ? { status: company.status.name } : {}),
          },
        },
      );
    }
    const mapping: Mapping = {
      connectionId: input.connectionId,
      accountKey: input.accountKey,
      companyId: company.id,
      companyName: company.name,
      source: input.source ?? 'manual',
      mappedAt: now(),
    };
    await deps.mappings.put(mapping, options);
    return mapping;
  };

  /** Pages over one search; a one-item lookahead makes `hasMore` exact. */
  const searchPages = createCompanySearch(deps.connections);
  const listMappings = async (connectionId: string, options: PageOptions): Promise<Page<Mapping>> => {
    const limit = options.pageSize ?? 100;
    const after = options.cursor ? decodeCursor('mappings.list', options.cursor) : undefined;
    const page = await deps.mappings.listPage(
      connectionId,
      { limit, ...(after === undefined ? {} : { after: String(after) }) },
      options,
    );
    return createPage(
      page.items,
      page.next === undefined ? null : encodeCursor('mappings.list', page.next),
      (cursor, next) => listMappings(connectionId, { ...options, ...next, cursor }),
    );
  };

  return {
    async accounts(connectionId, options = {}) {
      if (!(await deps.connections.get(connectionId, options))) {
        throw new PsaBridgeError('NOT_FOUND', `No connection with id "${connectionId}"`);
      }
      const [accounts, mappings] = await Promise.all([
        deps.goto.listAccounts(options),
        deps.mappings.list(connectionId, options),
      ]);
      const byAccount = new Map(mappings.map((mapping) => [mapping.accountKey, mapping]));
      return singlePage(
        accounts.map((account) => ({ account, mapping: byAccount.get(account.key) ?? null })),
      );
    },

    async suggest(connectionId, account, options = {}) {
      const client = await deps.connections.client(connectionId, options);
      let skippedRecords = 0;
      const callOptions: CallOptions = {
        ...callSettings(options),
        onRecordSkipped: (event) => {
          skippedRecords += 1;
          options.onRecordSkipped?.(event);
        },
      };
      const domains = normalizeDomains([
        ...(options.domains ?? []),
        ...(options.domainsFromUsers ? await domainsFromUsers(deps.goto, account.key, callOptions) : []),
      ]);
      const seen = new Map<string, Company>();
      for (const word of searchWords(account.name)) {
        let read = 0;
        for await (const company of client.searchCompanies({ name: word }, callOptions)) {
          seen.set(company.id, company);
          read += 1;
          if (read >= SUGGEST_LIMIT) break;
        }
      }
      const result = matchAccount(account.name, seen.values(), deps.matching, domains);
      if (skippedRecords === 0) return result;
      const evidence = [
        ...result.evidence,
        `${skippedRecords} PSA record(s) could not be read: a person should check before saving`,
      ];
      return result.outcome === 'found'
        ? { ...result, safe: false, evidence, skippedRecords }
        : { ...result, evidence, skippedRecords };
    },

    async filters(connectionId, options = {}) {
      const client = await deps.connections.client(connectionId, options);
      const [statuses, types] = await Promise.all([
        client.listCompanyStatuses(options),
        client.listCompanyTypes(options),
      ]);
      return { statuses, types };
    },

    search: (connectionId, query, options = {}) => searchPages(connectionId, query, options),

    save: (input, options = {}) => store(input, options),

    async update(input, options = {}) {
      if (!(await deps.mappings.get(input.connectionId, input.accountKey, options))) {
        throw new PsaBridgeError(
          'NOT_FOUND',
          `Account "${input.accountKey}" has no mapping to update for this connection`,
        );
      }
      return store(input, options);
    },

    delete: async (connectionId, accountKey, options = {}) => ({
      deleted: await deps.mappings.delete(connectionId, accountKey, options),
    }),
    get: (connectionId, accountKey, options = {}) => deps.mappings.get(connectionId, accountKey, options),
    list: (connectionId, options = {}) => listMappings(connectionId, options),

    autoMapAll: (connectionId, options = {}) => autoMapAll(deps, connectionId, options),
    verify: (connectionId, options = {}) => verifyMappings(deps, connectionId, options),
  };
}
