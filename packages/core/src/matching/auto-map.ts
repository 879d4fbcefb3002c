import type { CallOptions } from '../contracts/call-options.js';
import type { Company, CompanySearch } from '../contracts/company.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import type { PsaClient } from '../contracts/psa-client.js';
import type { Mapping } from '../contracts/stores.js';
import { callSettings } from '../http/call-settings.js';
import { throwIfAborted } from '../http/clock.js';
import { keptForCopy, readsFromCopy } from '../read-model/local-company-client.js';
import { domainsFromUsers, normalizeDomains } from './account-domains.js';
import { isInactive } from './company-inactive.js';
import { createCompanyIndex } from './company-index.js';
import type { MappingServiceDeps } from './mapping-service.js';
import type { MatchResult } from './match-result.js';

/** Progress of `autoMapAll`. */
export interface AutoMapProgress {
  /** What is being done. */
  readonly phase: 'reading-companies' | 'reading-users' | 'matching' | 'saving';
  /** Items done in this phase. */
  readonly done: number;
  /** Items in this phase, when known. */
  readonly total?: number;
}

/** Options of `autoMapAll`. */
export interface AutoMapOptions extends CallOptions {
  /** Which companies to consider. @default companies with an active status */
  readonly filter?: CompanySearch;
  /** Only report; save nothing, so an app can show a review screen first. @default false */
  readonly dryRun?: boolean;
  /**
   * Which `found` outcomes are saved: `safe` ones only (`exact`, `typo` or `domain` confidence),
   * or every `found` (also `partial`). @default 'safe'
   */
  readonly save?: 'safe' | 'found';
  /** Leave accounts that already have a mapping out of the report. @default false */
  readonly onlyUnmapped?: boolean;
  /** Web or email domains the app knows, by GoTo account key (SPEC M5). */
  readonly accountDomains?: Readonly<Record<string, readonly string[]>>;
  /**
   * Also derive each unmapped account's domains from its GoTo users' email domains (SPEC M5).
   * Costs one GoTo request per page of each account's users (100 per page by default); domains
   * found in several accounts (the MSP's own) are left out. @default false
   */
  readonly domainsFromUsers?: boolean;
  /** Called as work progresses. */
  readonly onProgress?: (progress: AutoMapProgress) => void;
}

/** The outcome for one account in `autoMapAll`: its match, and what was done. */
export type AutoMapRow = MatchResult & {
  /** The GoTo account. */
  readonly account: GotoAccount;
  /** Whether a mapping was saved for it in this call. */
  readonly saved: boolean;
  /** Whether a person should look: not mapped before, and not saved now (nor would be, in a dry run). */
  readonly review: boolean;
  /**
   * Other accounts mapped to the same company (before or in this call). Allowed, and flagged:
   * one customer may have several GoTo accounts, or a mapping is wrong.
   */
  readonly sharedWith?: readonly string[];
  /** The mapping it already had; such accounts are never re-matched or overwritten. */
  readonly existing?: Mapping;
};

/** The report of `autoMapAll` (SPEC M4). */
export interface AutoMapReport {
  /** One row per GoTo account, in GoTo's order (without mapped accounts when `onlyUnmapped`). */
  readonly rows: readonly AutoMapRow[];
  /** The rows a person should look at: unmapped, and not saved, with candidates and reasons. */
  readonly review: readonly AutoMapRow[];
  /** Counts by outcome. */
  readonly totals: {
    readonly found: number;
    readonly none: number;
    readonly multiple: number;
    readonly alreadyMapped: number;
    readonly saved: number;
    readonly review: number;
    /** Rows whose company is mapped to more than one account. */
    readonly shared: number;
  };
  /** Companies read from the PSA. */
  readonly companiesRead: number;
  /**
   * PSA company records left out because they could not be read (each also reported through the
   * `onRecordSkipped` hook): when above 0, a `none` may be a company that could not be read.
   */
  readonly skippedRecords: number;
}

/** Reads the companies `autoMapAll` considers: active ones unless a filter is given. */
async function readCompanies(
  deps: MappingServiceDeps,
  connectionId: string,
  options: AutoMapOptions,
): Promise<{ companies: Company[]; skippedRecords: number; client: PsaClient }> {
  const client = await deps.connections.client(connectionId, options);
  let filter = options.filter;
  if (!filter) {
    const statuses = await client.listCompanyStatuses(callSettings(options));
    filter = { statusIds: statuses.filter((status) => !status.inactive).map((status) => status.id) };
  }
  const companies: Company[] = [];
  let skippedRecords = 0;
  const onRecordSkipped = (): void => {
    skippedRecords += 1;
  };
  for await (const company of client.searchCompanies(filter, { ...callSettings(options), onRecordSkipped })) {
    companies.push(company);
    if (companies.length % 1000 === 0)
      options.onProgress?.({ phase: 'reading-companies', done: companies.length });
  }
  options.onProgress?.({ phase: 'reading-companies', done: companies.length, total: companies.length });
  return { companies, skippedRecords, client };
}

/** Domains of the unmapped accounts: the app's, plus their users' when asked (the MSP's left out). */
async function domainsByAccount(
  deps: MappingServiceDeps,
  unmapped: readonly GotoAccount[],
  options: AutoMapOptions,
): Promise<Map<string, string[]>> {
  const derived = new Map<string, string[]>();
  if (options.domainsFromUsers) {
    const seenIn = new Map<string, number>();
    for (const [i, account] of unmapped.entries()) {
      const domains = await domainsFromUsers(deps.goto, account.key, callSettings(options));
      derived.set(account.key, domains);
      for (const domain of domains) seenIn.set(domain, (seenIn.get(domain) ?? 0) + 1);
      options.onProgress?.({ phase: 'reading-users', done: i + 1, total: unmapped.length });
    }
    // A domain in several accounts is the MSP's (its admins are members everywhere), not a customer's.
    for (const [key, domains] of derived)
      derived.set(
        key,
        domains.filter((domain) => (seenIn.get(domain) ?? 0) < 2),
      );
  }
  const out = new Map<string, string[]>();
  for (const account of unmapped) {
    out.set(
      account.key,
      normalizeDomains([
        ...(options.accountDomains?.[account.key] ?? []),
        ...(derived.get(account.key) ?? []),
      ]),
    );
  }
  return out;
}

/** Why a company matched on the copy must not be saved (gone, inactive, renamed in the PSA), or `undefined`. */
async function staleMatch(
  client: PsaClient,
  company: Company,
  options: CallOptions,
): Promise<string | undefined> {
  const current = await client.getCompany(company.id, callSettings(options));
  if (!current)
    return 'not saved: the PSA no longer has this company (the read model is older); refresh and review';
  if (await isInactive(client, current, options)) return 'not saved: the company is inactive in the PSA now';
  if (current.name !== company.name)
    return `not saved: the PSA renamed the company to "${current.name}" since the last refresh`;
  return undefined;
}

/** `autoMapAll` (SPEC M4, M5): see `MappingService.autoMapAll`. */
export async function autoMapAll(
  deps: MappingServiceDeps,
  connectionId: string,
  options: AutoMapOptions,
): Promise<AutoMapReport> {
  const signal = options.signal;
  const { companies, skippedRecords, client } = await readCompanies(deps, connectionId, options);
  // From the read model's copy, the index is built once per copy and filter (SPEC R2).
  const indexKey = JSON.stringify([options.filter ?? null, deps.matching ?? null, companies.length]);
  const index =
    keptForCopy(client, indexKey, () => createCompanyIndex(companies, deps.matching)) ??
    createCompanyIndex(companies, deps.matching);
  const [accounts, mappings] = await Promise.all([
    deps.accounts ? deps.accounts(callSettings(options)) : deps.goto.listAccounts(callSettings(options)),
    deps.mappings.list(connectionId, { signal }),
  ]);
  const existing = new Map(mappings.map((mapping) => [mapping.accountKey, mapping]));
  const unmapped = accounts.filter((account) => !existing.has(account.key));
  const domains = await domainsByAccount(deps, unmapped, options);
  // Which accounts each company is mapped to, so rows can flag a company mapped more than once.
  const mappedTo = new Map<string, string[]>();
  const noteMapped = (companyId: string, accountKey: string): void => {
    const keys = mappedTo.get(companyId);
    if (keys) keys.push(accountKey);
    else mappedTo.set(companyId, [accountKey]);
  };
  for (const mapping of mappings) noteMapped(mapping.companyId, mapping.accountKey);

  const rows: AutoMapRow[] = [];
  const totals = { found: 0, none: 0, multiple: 0, alreadyMapped: 0, saved: 0, review: 0, shared: 0 };
  const saveAll = options.save === 'found';
  for (const [i, account] of accounts.entries()) {
    throwIfAborted(signal);
    const mapped = existing.get(account.key);
    if (mapped) {
      totals.alreadyMapped += 1;
      if (options.onlyUnmapped) continue;
      // Already mapped: reported with the mapped company, and never re-matched or overwritten.
      const company = { id: mapped.companyId, name: mapped.companyName, types: [] };
      rows.push({
        account,
        outcome: 'found',
        company,
        candidates: [],
        confidence: 'exact',
        safe: true,
        evidence: ['already mapped: never re-matched or overwritten'],
        saved: false,
        review: false,
        existing: mapped,
      });
      continue;
    }
    const result = index.match(account.name, domains.get(account.key));
    totals[result.outcome] += 1;
    // Saved (or, in a dry run, would be): a safe found, or any found when asked.
    const wouldSave = result.outcome === 'found' && (result.safe || saveAll);
    let saved = false;
    // A match made on the read model's copy is saved only as the PSA has the company now (R3).
    const stale =
      wouldSave && !options.dryRun && readsFromCopy(client)
        ? await staleMatch(client, result.company, options)
        : undefined;
    if (stale) {
      rows.push({
        ...result,
        safe: false,
        evidence: [...result.evidence, stale],
        account,
        saved,
        review: true,
      });
      continue;
    }
    if (wouldSave && !options.dryRun) {
      await deps.mappings.put(
        {
          connectionId,
          accountKey: account.key,
          companyId: result.company.id,
          companyName: result.company.name,
          source: 'automatic',
          mappedAt: new Date(deps.clock.now()).toISOString(),
        },
        { signal },
      );
      saved = true;
      totals.saved += 1;
    }
    if (wouldSave) noteMapped(result.company.id, account.key);
    rows.push({ ...result, account, saved, review: !wouldSave });
    if ((i + 1) % 500 === 0) options.onProgress?.({ phase: 'matching', done: i + 1, total: accounts.length });
  }
  options.onProgress?.({ phase: 'matching', done: accounts.length, total: accounts.length });
  const flagged = rows.map((row): AutoMapRow => {
    const companyId = row.outcome === 'found' ? row.company.id : undefined;
    const others = companyId ? (mappedTo.get(companyId) ?? []).filter((key) => key !== row.account.key) : [];
    if (others.length === 0) return row;
    totals.shared += 1;
    return { ...row, sharedWith: others };
  });
  const review = flagged.filter((row) => row.review);
  totals.review = review.length;
  return { rows: flagged, review, totals, companiesRead: companies.length, skippedRecords };
}
