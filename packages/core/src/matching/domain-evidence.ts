import type { Company } from '../contracts/company.js';
import {
  type FoundMatch,
  type MatchCandidate,
  type MatchConfidence,
  type MatchResult,
  SAFE_CONFIDENCES,
} from './match-result.js';
import { domainOfWebsite, sameDomain } from './web-domain.js';

/** What a company's website says about an account's domains. */
function verdict(company: Company, domains: readonly string[]): 'agrees' | 'conflicts' | undefined {
  const domain = domainOfWebsite(company.website);
  if (!domain || domains.length === 0) return undefined;
  return domains.some((known) => sameDomain(known, domain)) ? 'agrees' : 'conflicts';
}

const withVerdict = (candidate: MatchCandidate, domains: readonly string[]): MatchCandidate => {
  const domain = verdict(candidate.company, domains);
  return domain ? { ...candidate, domain } : candidate;
};

/**
 * Applies web domains as evidence to a name match (SPEC M5). `domains` are the account's (given
 * by the app, or the email domains of its GoTo users), normalized by `domainOfWebsite`.
 *
 * - `found` whose company's website agrees: `partial` and `typo` rise to `domain`;
 *   `exact` stays `exact`.
 * - `found` whose company's website has another domain: lowered to `partial`, not safe.
 * - `multiple` where exactly one candidate's website agrees: `found` with confidence `domain`.
 * - `none` stays `none`; candidates whose website agrees are listed first.
 *
 * A company without a website, or an account without domains, changes nothing.
 */
export function withDomainEvidence(result: MatchResult, domains: readonly string[]): MatchResult {
  if (domains.length === 0) return result;
  const candidates = result.candidates.map((candidate) => withVerdict(candidate, domains));
  if (result.outcome === 'found') {
    const said = verdict(result.company, domains);
    if (said === undefined) return { ...result, candidates };
    const confidence: MatchConfidence =
      said === 'conflicts' ? 'partial' : result.confidence === 'exact' ? 'exact' : 'domain';
    const note =
      said === 'agrees'
        ? `its website ${result.company.website} is on the account's domain`
        : `its website ${result.company.website} is not on the account's domains (${domains.join(', ')})`;
    const raised: FoundMatch = {
      ...result,
      candidates,
      confidence,
      safe: SAFE_CONFIDENCES.has(confidence),
      evidence: [...result.evidence, note],
    };
    return raised;
  }
  const agreeing = candidates.filter((candidate) => candidate.domain === 'agrees');
  const [settled] = agreeing;
  if (result.outcome === 'multiple' && agreeing.length === 1 && settled) {
    return {
      outcome: 'found',
      company: settled.company,
      candidates,
      confidence: 'domain',
      safe: true,
      evidence: [
        ...result.evidence,
        `only ${settled.company.name} has a website on the account's domain (${domainOfWebsite(settled.company.website)})`,
      ],
    };
  }
  const ordered = [...agreeing, ...candidates.filter((candidate) => candidate.domain !== 'agrees')];
  return {
    ...result,
    candidates: ordered,
    evidence:
      agreeing.length > 0
        ? [...result.evidence, `${agreeing.length} of them have a website on the account's domain`]
        : result.evidence,
  };
}
