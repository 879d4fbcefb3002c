import type { Company } from '../contracts/company.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { normalizeCompanyName } from './normalize-company-name.js';
import { digitsOf, editDistance, jaroWinkler, type TypoKind, typoKind } from './similarity.js';

/** The three outcomes of an automatic search (SPEC M1). */
export type MatchOutcome = 'found' | 'none' | 'multiple';

/** A company considered for an account, with the evidence. */
export interface MatchCandidate {
  /** The company. */
  readonly company: Company;
  /** Similarity of the normalized names, 0 to 1 (1 for the same normalized name). */
  readonly score: number;
  /** Why it is here, in words for a review screen. */
  readonly reason: string;
}

/** `found`: one company, safe to map (SPEC M1). */
export interface FoundMatch {
  /** Which outcome. */
  readonly outcome: 'found';
  /** The company found. */
  readonly company: Company;
  /** The match itself, with its evidence. */
  readonly candidates: readonly MatchCandidate[];
}

/** `multiple` (several equally likely) or `none` (nothing safe): map by hand (SPEC M1). */
export interface OpenMatch {
  /** Which outcome. */
  readonly outcome: 'multiple' | 'none';
  /** No company was chosen. */
  readonly company?: undefined;
  /** For `multiple`, the likely companies; for `none`, the closest ones, if any. */
  readonly candidates: readonly MatchCandidate[];
}

/**
 * The result of matching one account name (SPEC M1, M4): a discriminated union on `outcome`, so
 * `company` is known to be there exactly when the outcome is `found`.
 */
export type MatchResult = FoundMatch | OpenMatch;

/** Thresholds of the matcher. The defaults favour `none` over a wrong `found`. */
export interface MatchOptions {
  /** Jaro-Winkler score that makes a company a candidate of `multiple`. @default 0.92 */
  readonly candidateThreshold?: number;
  /** Jaro-Winkler score that makes a company a "closest" suggestion of `none`. @default 0.8 */
  readonly suggestionThreshold?: number;
  /** Most candidates returned. @default 5 */
  readonly maxCandidates?: number;
}

/** A company with its normalized forms, computed once. */
export interface PreparedCompany {
  /** The company. */
  readonly company: Company;
  /** `normalizeCompanyName(company.name)`. */
  readonly normalized: string;
  /** The normalized name without spaces. */
  readonly compact: string;
  /** Its digit runs. */
  readonly digits: string;
}

/** Computes the normalized forms of a company. */
export function prepareCompany(company: Company): PreparedCompany {
  const normalized = normalizeCompanyName(company.name);
  const digits = /\d/.test(normalized) ? digitsOf(normalized) : '';
  return { company, normalized, compact: normalized.replaceAll(' ', ''), digits };
}

/** Names shorter than this never match fuzzily: one letter changes the company. */
const MIN_FUZZY_LENGTH = 6;

/**
 * Decides the outcome for an account among prepared candidates (SPEC M1). A single exact
 * normalized match is `found`; several are `multiple`, never a guess. Otherwise a company is
 * `found` only when the account is that company's name with exactly one typing slip (swapped,
 * dropped or doubled letter), the numbers agree, and no other company is within one edit of
 * the account; several such near names are `multiple`; anything else is `none` with the
 * closest names (by Jaro-Winkler) as suggestions. A wrong `found` is worse than `none`.
 */
export function decideMatch(
  accountName: string,
  candidates: Iterable<PreparedCompany>,
  options: MatchOptions = {},
): MatchResult {
  const candidateThreshold = options.candidateThreshold ?? 0.92;
  const suggestionThreshold = options.suggestionThreshold ?? 0.8;
  const max = options.maxCandidates ?? 5;
  assertAccountName(accountName);
  const account = prepareCompany({ id: '', name: accountName });

  const exact: MatchCandidate[] = [];
  const near: Array<MatchCandidate & { readonly slip: TypoKind | undefined }> = [];
  const scored: MatchCandidate[] = [];
  for (const prepared of candidates) {
    if (account.compact !== '' && prepared.compact === account.compact) {
      const reason =
        prepared.normalized === account.normalized
          ? 'same name after normalization'
          : 'same name apart from spacing';
      exact.push({ company: prepared.company, score: 1, reason });
      continue;
    }
    let score = jaroWinkler(account.normalized, prepared.normalized);
    const sameDigits = prepared.digits === account.digits;
    if (!sameDigits) score *= 0.85;
    if (
      sameDigits &&
      account.normalized.length >= MIN_FUZZY_LENGTH &&
      editDistance(account.normalized, prepared.normalized, 1) <= 1
    ) {
      const slip = typoKind(account.normalized, prepared.normalized);
      const reason = slip ? `same name with one letter ${slip}` : 'one letter differs';
      near.push({ company: prepared.company, score, reason, slip });
    } else if (score >= suggestionThreshold) {
      scored.push({
        company: prepared.company,
        score,
        reason: sameDigits ? 'similar name' : 'similar name, different numbers',
      });
    }
  }
  const round = (candidate: MatchCandidate): MatchCandidate => ({
    company: candidate.company,
    score: Math.round(candidate.score * 1000) / 1000,
    reason: candidate.reason,
  });
  const [only] = exact;
  if (exact.length === 1 && only) return { outcome: 'found', company: only.company, candidates: exact };
  if (exact.length > 1) {
    return {
      outcome: 'multiple',
      candidates: exact.map((c) => ({ ...c, reason: 'several companies have this name' })),
    };
  }
  const [nearest] = near;
  if (near.length === 1 && nearest?.slip) {
    return { outcome: 'found', company: nearest.company, candidates: [round(nearest)] };
  }
  near.sort((a, b) => b.score - a.score);
  scored.sort((a, b) => b.score - a.score);
  const close = [...near, ...scored.filter((candidate) => candidate.score >= candidateThreshold)];
  if (close.length >= 2) return { outcome: 'multiple', candidates: close.slice(0, max).map(round) };
  return {
    outcome: 'none',
    candidates: [...near, ...scored]
      .slice(0, max)
      .map((candidate) => round({ ...candidate, reason: `closest: ${candidate.reason}` })),
  };
}

/**
 * Matches an account name against a list of companies (SPEC M1): for a short list, such as the
 * result of a server-side name search. For many accounts against a whole PSA, build a
 * {@link createCompanyIndex} once instead.
 *
 * @example
 * ```ts
 * matchAccount('Acme Inc.', [{ id: '7', name: 'ACME, Inc' }]).outcome; // 'found'
 * ```
 */
export function matchAccount(
  accountName: string,
  companies: Iterable<Company>,
  options: MatchOptions = {},
): MatchResult {
  const prepared: PreparedCompany[] = [];
  for (const company of companies) prepared.push(prepareCompany(company));
  return decideMatch(accountName, prepared, options);
}

/** Rejects an account name that is not text (a JavaScript caller passing the account itself). */
export function assertAccountName(accountName: unknown): asserts accountName is string {
  if (typeof accountName !== 'string') {
    throw new PsaBridgeError('VALIDATION', `An account name must be text, not ${describe(accountName)}`, {
      details: { field: 'accountName' },
    });
  }
}

/** Names a value's kind for an error message, without its content. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}
