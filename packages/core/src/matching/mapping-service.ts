import { requireAccount } from '../accounts/require-account.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { Company, CompanySearch, CompanyStatus, CompanyType } from '../contracts/company.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import type { Mapping, MappingSource, MappingStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { type Clock, throwIfAborted } from '../http/clock.js';
import { createCompanyIndex } from './company-index.js';
import { type MatchOptions, type MatchResult, matchAccount } from './match-account.js';
import { LEGAL_FORMS } from './normalize-company-name.js';

/** A GoTo account with its mapping state for one connection: the "PSA mappings" column (SPEC C5). */
export interface AccountMapping {
  /** The GoTo account. */
  readonly account: GotoAccount;
  /** Its mapping for the connection, or `null` when unmapped. */
  readonly mapping: Mapping | null;
}

/**
 * One page of a manual search (SPEC M2), for a UI with "next" buttons, and an `AsyncIterable`
 * of this page's companies and every later one, for code: one paging model, the same underneath.
 *
 * @example
 * ```ts
 * const page = await bridge.mappings.search(connectionId, { name: 'acme' }, { pageSize: 25 });
 * for await (const company of page) console.log(company.name); // this page, then the next ones
 * ```
 */
export interface CompanyPage extends AsyncIterable<Company> {
  /** Companies of this page, in the PSA's order. */
  readonly companies: readonly Company[];
  /** Whether {@link CompanyPage.next} has more. */
  readonly hasMore: boolean;
  /** The next page; rejects with `VALIDATION` when there is none, or when it was already taken. */
  next(options?: CallOptions): Promise<CompanyPage>;
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
}

/** Progress of {@link MappingService.autoMapAll}. */
export interface AutoMapProgress {
  /** What is being done. */
  readonly phase: 'reading-companies' | 'matching' | 'saving';
  /** Items done in this phase. */
  readonly done: number;
  /** Items in this phase, when known. */
  readonly total?: number;
}

/** Options of {@link MappingService.autoMapAll}. */
export interface AutoMapOptions extends CallOptions {
  /** Which companies to consider. @default companies with an active status */
  readonly filter?: CompanySearch;
  /** Only report; save nothing, so an app can show a review screen first. @default false */
  readonly dryRun?: boolean;
  /** Called as work progresses. */
  readonly onProgress?: (progress: AutoMapProgress) => void;
}

/** The outcome for one account in {@link MappingService.autoMapAll}: its match, and what was done. */
export type AutoMapRow = MatchResult & {
  /** The GoTo account. */
  readonly account: GotoAccount;
  /** Whether a mapping was saved for it in this call. */
  readonly saved: boolean;
  /** The mapping it already had; such accounts are never re-matched or overwritten. */
  readonly existing?: Mapping;
};

/** The report of {@link MappingService.autoMapAll} (SPEC M4). */
export interface AutoMapReport {
  /** One row per GoTo account, in GoTo's order. */
  readonly rows: readonly AutoMapRow[];
  /** Counts by outcome. */
  readonly totals: {
    readonly found: number;
    readonly none: number;
    readonly multiple: number;
    readonly alreadyMapped: number;
    readonly saved: number;
  };
  /** Companies read from the PSA. */
  readonly companiesRead: number;
}

/** Mapping GoTo accounts to PSA companies (SPEC C5, M1-M4). */
export interface MappingService {
  /** Every GoTo account with its mapping for the connection (C5). */
  accounts(connectionId: string, options?: CallOptions): Promise<readonly AccountMapping[]>;
  /**
   * The automatic search for one account (M1): a name search in the PSA, then local scoring.
   * Resolves `found`, `none` or `multiple` with the evidence.
   */
  suggest(connectionId: string, account: GotoAccount, options?: CallOptions): Promise<MatchResult>;
  /** The PSA's statuses and types, for the manual search filters (M2). */
  filters(
    connectionId: string,
    options?: CallOptions,
  ): Promise<{ statuses: readonly CompanyStatus[]; types: readonly CompanyType[] }>;
  /** Manual search by name, status and type, page by page (M2). */
  search(
    connectionId: string,
    query: CompanySearch,
    options?: CallOptions & { readonly pageSize?: number },
  ): Promise<CompanyPage>;
  /**
   * Maps an account to a company for a connection (M3), replacing any mapping it had: one
   * company per account per connection. Rejects with `NOT_FOUND` when the company does not
   * exist in the PSA or the connection is unknown.
   */
  save(input: MappingInput, options?: CallOptions): Promise<Mapping>;
  /** Re-points an existing mapping (M3); rejects with `NOT_FOUND` when the account is not mapped. */
  edit(input: MappingInput, options?: CallOptions): Promise<Mapping>;
  /** Removes a mapping (M3); resolves `false` when there was none. */
  remove(connectionId: string, accountKey: string, options?: CallOptions): Promise<boolean>;
  /** The mapping of an account, or `null`. */
  get(connectionId: string, accountKey: string, options?: CallOptions): Promise<Mapping | null>;
  /** Every mapping of a connection. */
  list(connectionId: string, options?: CallOptions): Promise<readonly Mapping[]>;
  /**
   * Maps every unmapped account at once (M4): reads the PSA's companies once, page by page, and
   * matches locally, so requests grow with the number of companies, not of accounts. Saves the
   * `found` outcomes unless `dryRun`; never overwrites a mapping.
   */
  autoMapAll(connectionId: string, options?: AutoMapOptions): Promise<AutoMapReport>;
}

/** What the mapping service needs. */
export interface MappingServiceDeps {
  /** The connections, for their PSA clients. */
  readonly connections: ConnectionService;
  /** Where mappings live. */
  readonly mappings: MappingStore;
  /** The GoTo side, for the accounts. */
  readonly goto: GotoClient;
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

/** Creates the {@link MappingService}. */
export function createMappingService(deps: MappingServiceDeps): MappingService {
  const now = (): string => new Date(deps.clock.now()).toISOString();

  const store = async (input: MappingInput, options: CallOptions): Promise<Mapping> => {
    const client = await deps.connections.client(input.connectionId, options);
    await requireAccount(deps.goto, input.accountKey, options);
    const company = await client.getCompany(input.companyId, options);
    if (!company) {
      throw new PsaBridgeError('NOT_FOUND', `The PSA has no company with id "${input.companyId}"`, {
        details: { companyId: input.companyId },
      });
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
  const pageOf = (iterator: AsyncIterator<Company>, size: number) => {
    let lookahead: IteratorResult<Company> | undefined;
    const pull = (): Promise<IteratorResult<Company>> => {
      const held = lookahead;
      lookahead = undefined;
      return held ? Promise.resolve(held) : iterator.next();
    };
    const read = async (options: CallOptions): Promise<CompanyPage> => {
      throwIfAborted(options.signal);
      const companies: Company[] = [];
      while (companies.length < size) {
        const next = await pull();
        if (next.done) break;
        companies.push(next.value);
      }
      if (companies.length === size) lookahead = await iterator.next();
      const hasMore = lookahead !== undefined && !lookahead.done;
      let used = false;
      const page: CompanyPage = {
        companies,
        hasMore,
        async next(nextOptions = {}) {
          if (!hasMore || used)
            throw new PsaBridgeError('VALIDATION', 'There is no further page of this search');
          used = true;
          return read(nextOptions);
        },
        async *[Symbol.asyncIterator]() {
          yield* companies;
          if (hasMore) yield* await page.next(options);
        },
      };
      return page;
    };
    return read;
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
      return accounts.map((account) => ({ account, mapping: byAccount.get(account.key) ?? null }));
    },

    async suggest(connectionId, account, options = {}) {
      const client = await deps.connections.client(connectionId, options);
      const seen = new Map<string, Company>();
      for (const word of searchWords(account.name)) {
        let read = 0;
        for await (const company of client.searchCompanies({ name: word }, options)) {
          seen.set(company.id, company);
          read += 1;
          if (read >= SUGGEST_LIMIT) break;
        }
      }
      return matchAccount(account.name, seen.values(), deps.matching);
    },

    async filters(connectionId, options = {}) {
      const client = await deps.connections.client(connectionId, options);
      const [statuses, types] = await Promise.all([
        client.listCompanyStatuses(options),
        client.listCompanyTypes(options),
      ]);
      return { statuses, types };
    },

    async search(connectionId, query, options = {}) {
      const client = await deps.connections.client(connectionId, options);
      const iterator = client.searchCompanies(query, options)[Symbol.asyncIterator]();
      return pageOf(iterator, options.pageSize ?? 25)(options);
    },

    save: (input, options = {}) => store(input, options),

    async edit(input, options = {}) {
      if (!(await deps.mappings.get(input.connectionId, input.accountKey, options))) {
        throw new PsaBridgeError(
          'NOT_FOUND',
          `Account "${input.accountKey}" has no mapping to edit for this connection`,
        );
      }
      return store(input, options);
    },

    remove: (connectionId, accountKey, options = {}) =>
      deps.mappings.delete(connectionId, accountKey, options),
    get: (connectionId, accountKey, options = {}) => deps.mappings.get(connectionId, accountKey, options),
    list: (connectionId, options = {}) => deps.mappings.list(connectionId, options),

    async autoMapAll(connectionId, options = {}) {
      const client = await deps.connections.client(connectionId, options);
      const signal = options.signal;
      let filter = options.filter;
      if (!filter) {
        const statuses = await client.listCompanyStatuses({ signal });
        filter = { statusIds: statuses.filter((status) => !status.inactive).map((status) => status.id) };
      }
      const companies: Company[] = [];
      for await (const company of client.searchCompanies(filter, { signal })) {
        companies.push(company);
        if (companies.length % 1000 === 0)
          options.onProgress?.({ phase: 'reading-companies', done: companies.length });
      }
      options.onProgress?.({ phase: 'reading-companies', done: companies.length, total: companies.length });
      const index = createCompanyIndex(companies, deps.matching);
      const [accounts, mappings] = await Promise.all([
        deps.goto.listAccounts({ signal }),
        deps.mappings.list(connectionId, { signal }),
      ]);
      const existing = new Map(mappings.map((mapping) => [mapping.accountKey, mapping]));
      const rows: AutoMapRow[] = [];
      const totals = { found: 0, none: 0, multiple: 0, alreadyMapped: 0, saved: 0 };
      for (const [i, account] of accounts.entries()) {
        throwIfAborted(signal);
        const mapped = existing.get(account.key);
        if (mapped) {
          totals.alreadyMapped += 1;
          // Already mapped: reported as found, with the mapped company, and never re-matched.
          const company = { id: mapped.companyId, name: mapped.companyName, types: [] };
          rows.push({ account, outcome: 'found', company, candidates: [], saved: false, existing: mapped });
          continue;
        }
        const result = index.match(account.name);
        totals[result.outcome] += 1;
        let saved = false;
        if (result.outcome === 'found' && result.company && !options.dryRun) {
          const mapping: Mapping = {
            connectionId,
            accountKey: account.key,
            companyId: result.company.id,
            companyName: result.company.name,
            source: 'automatic',
            mappedAt: now(),
          };
          await deps.mappings.put(mapping, { signal });
          saved = true;
          totals.saved += 1;
        }
        rows.push({ ...result, account, saved });
        if ((i + 1) % 500 === 0)
          options.onProgress?.({ phase: 'matching', done: i + 1, total: accounts.length });
      }
      options.onProgress?.({ phase: 'matching', done: accounts.length, total: accounts.length });
      return { rows, totals, companiesRead: companies.length };
    },
  };
}
