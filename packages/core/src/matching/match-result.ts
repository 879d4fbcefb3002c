import type { Company } from '../contracts/company.js';

/** The three outcomes of an automatic search (SPEC M1). */
export type MatchOutcome = 'found' | 'none' | 'multiple';

/**
 * How sure a `found` is, apart from what was found (SPEC M1, M5):
 * - `exact`: the same name after normalization;
 * - `typo`: the same name with one typing slip (a swapped, dropped or doubled letter);
 * - `domain`: the company's web domain is the account's (it settled several name matches, or
 *   raised a partial or typo match);
 * - `partial`: the company's name holds every word of the account's, but is not the same name,
 *   or a web domain disagrees. A person should look first.
 */
export type MatchConfidence = 'exact' | 'typo' | 'domain' | 'partial';

/** Confidences safe to save without a person; `autoMapAll` saves only these by default. */
export const SAFE_CONFIDENCES: ReadonlySet<MatchConfidence> = new Set(['exact', 'typo', 'domain']);

/** A company considered for an account, with the evidence. */
export interface MatchCandidate {
  /** The company. */
  readonly company: Company;
  /** Similarity of the normalized names, 0 to 1 (1 for the same normalized name). */
  readonly score: number;
  /** Why it is here, in words for a review screen. */
  readonly reason: string;
  /**
   * What the company's website says when the account's domains are known: its domain is one of
   * them (`agrees`) or is not (`conflicts`). Absent when either side has no domain.
   */
  readonly domain?: 'agrees' | 'conflicts';
}

/** `found`: one company (SPEC M1), with how sure the match is. */
export interface FoundMatch {
  /** Which outcome. */
  readonly outcome: 'found';
  /** The company found. */
  readonly company: Company;
  /** The match itself, with its evidence. */
  readonly candidates: readonly MatchCandidate[];
  /** How sure the match is; see {@link MatchConfidence}. */
  readonly confidence: MatchConfidence;
  /**
   * Whether saving it without a person is safe: `exact`, `typo` or `domain` confidence, and every
   * PSA record of the search could be read.
   */
  readonly safe: boolean;
  /** The evidence in words, for a review screen. */
  readonly evidence: readonly string[];
  /** PSA records the search left out because they could not be read; absent when none. */
  readonly skippedRecords?: number;
}

/** `multiple` (several equally likely) or `none` (nothing safe): map by hand (SPEC M1). */
export interface OpenMatch {
  /** Which outcome. */
  readonly outcome: 'multiple' | 'none';
  /** No company was chosen. */
  readonly company?: undefined;
  /** For `multiple`, the likely companies; for `none`, the closest ones, if any. */
  readonly candidates: readonly MatchCandidate[];
  /** Only a `found` has a confidence. */
  readonly confidence?: undefined;
  /** Never safe to save without a person. */
  readonly safe: false;
  /** The evidence in words, for a review screen. */
  readonly evidence: readonly string[];
  /**
   * PSA records the search left out because they could not be read; absent when none. A `none`
   * with skipped records may be a company that could not be read, not a missing one.
   */
  readonly skippedRecords?: number;
}

/**
 * The result of matching one account name (SPEC M1, M4): a discriminated union on `outcome`, so
 * `company` is known to be there exactly when the outcome is `found`.
 */
export type MatchResult = FoundMatch | OpenMatch;
