import type { CallOptions } from '../contracts/call-options.js';
import type { Company } from '../contracts/company.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import type { Mapping } from '../contracts/stores.js';
import { callSettings } from '../http/call-settings.js';
import { throwIfAborted } from '../http/clock.js';
import { createCompanyIndex } from './company-index.js';
import { type MappingProblem, mappingProblem } from './mapping-problem.js';
import type { MappingServiceDeps } from './mapping-service.js';
import type { MatchResult } from './match-result.js';

export type { MappingProblem };

/** One stale mapping, with a suggested re-map. */
export interface MappingIssue {
  /** The mapping as saved. */
  readonly mapping: Mapping;
  /**
   * `deleted`: the PSA no longer has the company; `inactive`: its status is an inactive one;
   * `renamed`: its name is another one than when it was mapped (letter case and legal forms
   * aside).
   */
  readonly problem: MappingProblem;
  /** The company as the PSA holds it now; absent when it was deleted. */
  readonly company?: Company;
  /** The GoTo account, when GoTo still lists it. */
  readonly account?: GotoAccount;
  /**
   * The automatic search for the account's name among the active companies now: a suggested
   * re-map (for `renamed`, often the same company under its new name). Absent when GoTo no longer
   * lists the account.
   */
  readonly suggestion?: MatchResult;
  /** The problem in words, for a health screen. */
  readonly message: string;
}

/** The report of `verify` (SPEC M6). */
export interface MappingHealthReport {
  /** Mappings checked. */
  readonly checked: number;
  /** Mappings whose company is there, active, and named as when it was mapped. */
  readonly healthy: number;
  /** The stale mappings, in the order the store lists them. */
  readonly issues: readonly MappingIssue[];
  /** Companies read from the PSA (every status). */
  readonly companiesRead: number;
}

/** `verify` (SPEC M6): see `MappingService.verify`. */
export async function verifyMappings(
  deps: MappingServiceDeps,
  connectionId: string,
  options: CallOptions,
): Promise<MappingHealthReport> {
  const signal = options.signal;
  const client = await deps.connections.client(connectionId, options);
  const mappings = await deps.mappings.list(connectionId, { signal });
  if (mappings.length === 0) return { checked: 0, healthy: 0, issues: [], companiesRead: 0 };
  const statuses = await client.listCompanyStatuses(callSettings(options));
  const inactive = new Set(statuses.filter((status) => status.inactive).map((status) => status.id));
  const mapped = new Set(mappings.map((mapping) => mapping.companyId));
  const current = new Map<string, Company>();
  const active: Company[] = [];
  let companiesRead = 0;
  // Every company, every status, page by page: requests grow with companies, not with mappings.
  for await (const company of client.searchCompanies({}, callSettings(options))) {
    companiesRead += 1;
    if (mapped.has(company.id)) current.set(company.id, company);
    if (!company.status || !inactive.has(company.status.id)) active.push(company);
  }
  const accounts = new Map(
    (await deps.goto.listAccounts(callSettings(options))).map((account) => [account.key, account]),
  );
  let index: ReturnType<typeof createCompanyIndex> | undefined;
  const suggest = (account: GotoAccount | undefined): MatchResult | undefined => {
    if (!account) return undefined;
    index ??= createCompanyIndex(active, deps.matching);
    return index.match(account.name);
  };

  const issues: MappingIssue[] = [];
  for (const mapping of mappings) {
    throwIfAborted(signal);
    const company = current.get(mapping.companyId);
    const account = accounts.get(mapping.accountKey);
    const issue = (problem: MappingProblem, message: string): void => {
      const suggestion = suggest(account);
      issues.push({
        mapping,
        problem,
        ...(company ? { company } : {}),
        ...(account ? { account } : {}),
        ...(suggestion ? { suggestion } : {}),
        message,
      });
    };
    const problem = mappingProblem(mapping, company, inactive);
    if (problem === 'deleted') {
      issue('deleted', `The PSA no longer has ${mapping.companyName} (#${mapping.companyId})`);
    } else if (problem === 'inactive' && company?.status) {
      issue('inactive', `${company.name} (#${company.id}) is ${company.status.name}, an inactive status`);
    } else if (problem === 'renamed' && company) {
      issue('renamed', `${mapping.companyName} (#${company.id}) is now called ${company.name}`);
    }
  }
  return { checked: mappings.length, healthy: mappings.length - issues.length, issues, companiesRead };
}
