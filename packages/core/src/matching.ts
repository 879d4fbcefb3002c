/**
 * psa-bridge's name matcher on its own (SPEC M1, M4), for apps that match GoTo accounts to PSA
 * companies outside a bridge: build an index of a PSA's companies once, then match every account
 * against it locally. A bridge uses the same matcher in `mappings.suggest` and `autoMapAll`.
 *
 * @example
 * ```ts
 * import { createCompanyIndex } from '@psa-bridge/core/matching';
 * const index = createCompanyIndex(companies);
 * const result = index.match('Acme Corporation'); // found, multiple or none, with evidence
 * ```
 *
 * @module
 */
export { type CompanyIndex, createCompanyIndex } from './matching/company-index.js';
export { type MatchOptions, matchAccount } from './matching/match-account.js';
export { normalizeCompanyName } from './matching/normalize-company-name.js';
