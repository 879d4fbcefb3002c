import type { Company } from '../contracts/company.js';
import type { Mapping } from '../contracts/stores.js';
import { normalizeCompanyName } from './normalize-company-name.js';

/** What is wrong with a saved mapping (SPEC M6). */
export type MappingProblem = 'deleted' | 'inactive' | 'renamed';

/**
 * The problem of a mapping given the company as the PSA holds it now (`undefined`: the PSA no
 * longer has it) and the ids of the PSA's inactive statuses; `undefined` when it is healthy.
 */
export function mappingProblem(
  mapping: Mapping,
  company: Company | undefined,
  inactiveStatusIds: ReadonlySet<string>,
): MappingProblem | undefined {
  if (!company) return 'deleted';
  if (company.status && inactiveStatusIds.has(company.status.id)) return 'inactive';
  if (normalizeCompanyName(company.name) !== normalizeCompanyName(mapping.companyName)) return 'renamed';
  return undefined;
}
