import type { Company } from '../contracts/company.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { withDomainEvidence } from './domain-evidence.js';
import {
  type FoundMatch,
  type MatchCandidate,
  type MatchConfidence,
  type MatchResult,
  SAFE_CONFIDENCES,
} from './match-result.js';
import { normalizeCompanyName } from './normalize-company-name.js';
import {
  digitsOf,
  jaroWinkler,
  jaroWinklerBound,
  type TypoKind,
  typoKind,
  withinOneEdit,
} from './similarity.js';

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

type Scored = MatchCandidate & { readonly slip?: TypoKind | undefined };

const round = (candidate: Scored): MatchCandidate => ({
  company: candidate.company,
  score: Math.round(candidate.score * 1000) / 1000,
  reason: candidate.reason,
});

/** Whether every word of `words` is a word of `normalized` (a space-separated normalized name). */
export function holdsEveryWord(normalized: string, words: readonly string[]): boolean {
  const padded = ` ${normalized} `;
  return words.every((word) => padded.includes(` ${word} `));
}

/** The Jaro-Winkler score of two names, lowered when their numbers differ. */
function scoreOf(account: PreparedCompany, company: PreparedCompany, sameDigits: boolean): number {
  const score = jaroWinkler(account.normalized, company.normalized);
  return sameDigits ? score : score * 0.85;
}

/** A `found` result with its confidence; safe follows from the confidence. */
function found(
  company: Company,
  candidates: readonly MatchCandidate[],
  confidence: MatchConfidence,
  evidence: string,
): FoundMatch {
  return {
    outcome: 'found',
    company,
    candidates,
    confidence,
    safe: SAFE_CONFIDENCES.has(confidence),
    evidence: [evidence],
  };
}

/**
 * The outcome when companies have the account's very name (rule 1 of {@link decideMatch}): one
 * is `found` with confidence `exact`, several are `multiple`; none is `undefined`. Shared by
 * `decideMatch` and the company index, which finds such companies without scoring any.
 */
export function sameNameResult(exact: readonly MatchCandidate[]): MatchResult | undefined {
  const [only] = exact;
  if (exact.length === 1 && only) return found(only.company, exact, 'exact', only.reason);
  if (exact.length === 0) return undefined;
  return {
    outcome: 'multiple',
    candidates: exact.map((c) => ({ ...c, reason: 'several companies have this name' })),
    safe: false,
    evidence: [`${exact.length} companies have this name`],
  };
}

/** Why a company with the same compact name is the same name, in words. */
export const sameNameReason = (accountNormalized: string, companyNormalized: string): string =>
  companyNormalized === accountNormalized ? 'same name after normalization' : 'same name apart from spacing';

/**
 * Decides the outcome for an account among prepared candidates (SPEC M1), by the name alone:
 *
 * 1. One company with the same normalized name is `found` (`exact`); several are `multiple`.
 *    The same name always wins over names that merely contain it.
 * 2. Otherwise the near names: a company whose name is the account's with one typing slip
 *    (numbers agreeing, names of six letters or more), and companies whose name holds every
 *    word of the account's ("Stark" in "Stark Industries"). One is `found` (`typo` or
 *    `partial`); several are `multiple`, never a guess.
 * 3. Otherwise companies scoring at least `candidateThreshold` (Jaro-Winkler) are `multiple`
 *    when there are two or more; anything else is `none` with the closest names as suggestions.
 *
 * Web domains, when known, are applied afterwards by {@link withDomainEvidence}. `prepared` is
 * the account name already prepared, when the caller has it.
 */
export function decideMatch(
  accountName: string,
  candidates: Iterable<PreparedCompany>,
  options: MatchOptions = {},
  prepared?: PreparedCompany,
): MatchResult {
  const candidateThreshold = options.candidateThreshold ?? 0.92;
  const suggestionThreshold = options.suggestionThreshold ?? 0.8;
  const max = options.maxCandidates ?? 5;
  assertAccountName(accountName);
  const account = prepared ?? prepareCompany({ id: '', name: accountName });
  const words = account.normalized === '' ? [] : account.normalized.split(' ');

  const exact: MatchCandidate[] = [];
  const near: Scored[] = [];
  const scored: Scored[] = [];
  for (const prepared of candidates) {
    if (account.compact !== '' && prepared.compact === account.compact) {
      exact.push({
        company: prepared.company,
        score: 1,
        reason: sameNameReason(account.normalized, prepared.normalized),
      });
      continue;
    }
    if (exact.length > 0) continue;
    const sameDigits = prepared.digits === account.digits;
    if (words.length > 0 && holdsEveryWord(prepared.normalized, words)) {
      near.push({
        company: prepared.company,
        score: scoreOf(account, prepared, sameDigits),
        reason: 'its name holds every word of the account name',
      });
    } else if (
      sameDigits &&
      account.normalized.length >= MIN_FUZZY_LENGTH &&
      withinOneEdit(account.normalized, prepared.normalized)
    ) {
      const slip = typoKind(account.normalized, prepared.normalized);
      const reason = slip ? `same name with one letter ${slip}` : 'one letter differs';
      near.push({ company: prepared.company, score: scoreOf(account, prepared, sameDigits), reason, slip });
    } else if (
      // Names whose lengths alone keep them under the threshold are not scored at all.
      jaroWinklerBound(account.normalized.length, prepared.normalized.length) + 1e-9 >=
      suggestionThreshold
    ) {
      const score = scoreOf(account, prepared, sameDigits);
      if (score >= suggestionThreshold) {
        scored.push({
          company: prepared.company,
          score,
          reason: sameDigits ? 'similar name' : 'similar name, different numbers',
        });
      }
    }
  }
  const same = sameNameResult(exact);
  if (same) return same;
  near.sort((a, b) => b.score - a.score);
  const [nearest] = near;
  if (near.length === 1 && nearest) {
    if (nearest.slip) return found(nearest.company, [round(nearest)], 'typo', nearest.reason);
    if (!nearest.reason.startsWith('one letter')) {
      return found(
        nearest.company,
        [round(nearest)],
        'partial',
        `"${nearest.company.name}" holds every word of the account name but is not the same name`,
      );
    }
  }
  scored.sort((a, b) => b.score - a.score);
  if (near.length >= 2) {
    return {
      outcome: 'multiple',
      candidates: near.slice(0, max).map(round),
      safe: false,
      evidence: [`${near.length} companies hold the account name or are one letter from it`],
    };
  }
  const close = [...near, ...scored.filter((candidate) => candidate.score >= candidateThreshold)];
  if (close.length >= 2) {
    return {
      outcome: 'multiple',
      candidates: close.slice(0, max).map(round),
      safe: false,
      evidence: [`${close.length} companies have a very similar name`],
    };
  }
  return {
    outcome: 'none',
    candidates: [...near, ...scored]
      .slice(0, max)
      .map((candidate) => round({ ...candidate, reason: `closest: ${candidate.reason}` })),
    safe: false,
    evidence: ['no company has this name, holds it, or is one typing slip from it'],
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
 * matchAccount('Stark', [{ id: '8', name: 'Stark Industries' }]).confidence; // 'partial'
 * ```
 */
export function matchAccount(
  accountName: string,
  companies: Iterable<Company>,
  options: MatchOptions = {},
  domains: readonly string[] = [],
): MatchResult {
  const prepared: PreparedCompany[] = [];
  for (const company of companies) prepared.push(prepareCompany(company));
  return withDomainEvidence(decideMatch(accountName, prepared, options), domains);
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
