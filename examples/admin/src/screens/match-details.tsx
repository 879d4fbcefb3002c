import type { MatchCandidate } from '../api';

/** "Match found", "No matches found", "Multiple matches found": the article's words for M1's outcomes. */
export const OUTCOME_TEXT = {
  found: 'Match found',
  none: 'No matches found',
  multiple: 'Multiple matches found',
} as const;

/** The evidence of a match in words, and its confidence (exact, typo, domain, partial). */
export function Evidence({
  confidence,
  evidence,
}: {
  readonly confidence?: string | undefined;
  readonly evidence: readonly string[];
}) {
  return (
    <div class="evidence">
      {confidence && (
        <p>
          Confidence: <strong>{confidence}</strong>
        </p>
      )}
      {evidence.length > 0 && (
        <ul aria-label="Evidence">
          {evidence.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A candidate company: its name, why it is here, and what its website says. */
export function CandidateText({ candidate }: { readonly candidate: MatchCandidate }) {
  return (
    <>
      <strong>{candidate.company.name}</strong>{' '}
      <span class="hint">
        ({candidate.reason}
        {candidate.domain === 'agrees'
          ? '; website domain agrees'
          : candidate.domain === 'conflicts'
            ? '; website domain differs'
            : ''}
        )
      </span>
    </>
  );
}
