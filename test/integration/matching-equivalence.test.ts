/**
 * The company index is the fast path of matching many accounts (SPEC M4); `matchAccount` over the
 * whole list is the definition (SPEC M1). On lists from both benchmark generators, with seeds
 * drawn by fast-check, the index must decide exactly as `matchAccount` does: the same outcome,
 * the same company, the same confidence, and the same candidates for `multiple`.
 */
import type { Company, MatchResult } from '@psa-bridge/core';
import { createCompanyIndex, matchAccount } from '@psa-bridge/core/matching';
import { seededRandom } from '@psa-bridge/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateNameParts, nameOf, typoOf, variantOf } from '../../bench/company-names.js';
import { strangerDataSet } from '../../bench/stranger-names.js';

/** Small lists from the first generator: variants, typos, and names no company has. */
function ourDataSet(seed: number): { companies: Company[]; names: string[] } {
  const random = seededRandom(seed);
  const parts = generateNameParts(2_300, seed);
  const companies = parts.slice(0, 2_000).map((p, i) => ({ id: String(i + 1), name: nameOf(p) }));
  // Twins written another way, so `multiple` happens.
  for (let i = 0; i < 40; i += 1)
    companies.push({ id: `twin-${i}`, name: variantOf(parts[i * 7] as never, random) });
  const names: string[] = [];
  for (let i = 0; i < 120; i += 1) names.push(variantOf(parts[(i * 13) % 2_000] as never, random));
  for (let i = 0; i < 60; i += 1) names.push(typoOf(parts[(i * 31) % 2_000] as never, random));
  for (const p of parts.slice(2_000, 2_060)) names.push(nameOf(p));
  for (let i = 0; i < 20; i += 1) names.push(nameOf(parts[i * 7] as never));
  return { companies, names };
}

/** What decides: outcome, company, confidence, and the candidates of `multiple` (as a set). */
const decision = (result: MatchResult) => ({
  outcome: result.outcome,
  company: result.company?.id,
  confidence: result.confidence,
  multiple: result.outcome === 'multiple' ? result.candidates.map((c) => c.company.id).sort() : undefined,
});

function expectSameDecisions(companies: readonly Company[], names: readonly string[]): void {
  const index = createCompanyIndex(companies);
  for (const name of names) {
    expect(decision(index.match(name)), name).toEqual(decision(matchAccount(name, companies)));
  }
}

describe('the company index decides exactly as matchAccount over the whole list', () => {
  it('on the first generator (variants, typos, twins, absent names)', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const { companies, names } = ourDataSet(seed);
        expectSameDecisions(companies, names);
      }),
      { numRuns: 3, seed: 29 },
    );
  });

  it('on the second generator (shared trade words, many legal forms, &/and, "The", accents, spacing, swaps)', {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        // 6,000 companies: every trade word is held by more than 200 of them, past the index's cut-offs.
        const { companies, labels } = strangerDataSet(6_000, 150, seed);
        expectSameDecisions(
          companies,
          labels.map((label) => label.name),
        );
      }),
      { numRuns: 3, seed: 29 },
    );
  });
});
