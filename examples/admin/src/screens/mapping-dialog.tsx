import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, errorText, type Mapping, type MatchResult } from '../api';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { CompanySearch } from './company-search';
import { CandidateText, Evidence, OUTCOME_TEXT } from './match-details';

/** Props of {@link MappingDialog}. */
export interface MappingDialogProps {
  readonly connectionId: string;
  readonly account: { readonly key: string; readonly name: string };
  /** `suggest` runs the automatic search first (Add mapping); `manual` goes straight to the search (Edit mapping). */
  readonly start: 'suggest' | 'manual';
  readonly onClose: () => void;
  readonly onSaved: (mapping: Mapping) => void | Promise<void>;
}

/**
 * Add mapping / Edit mapping for one account: the automatic search and its three outcomes, then
 * Map this company, or the manual search (SPEC M1-M3).
 */
export function MappingDialog({ connectionId, account, start, onClose, onSaved }: MappingDialogProps) {
  const [mode, setMode] = useState(start);
  const [match, setMatch] = useState<MatchResult>();
  const [error, setError] = useState<string>();
  // A company the PSA made inactive: saved only when the person says so (SPEC R3).
  const [inactive, setInactive] = useState<{ companyId: string; source: 'automatic' | 'manual' }>();
  const base = `/connections/${connectionId}`;

  useEffect(() => {
    if (start !== 'suggest') return;
    api<MatchResult>('POST', `${base}/accounts/${encodeURIComponent(account.key)}/suggest`, {})
      .then(setMatch)
      .catch((failure: unknown) => setError(errorText(failure)));
  }, [base, account.key, start]);

  const save = async (companyId: string, source: 'automatic' | 'manual', allowInactive = false) => {
    try {
      const mapping = await api<Mapping>('PUT', `${base}/mappings/${encodeURIComponent(account.key)}`, {
        companyId,
        source,
        ...(allowInactive ? { allowInactive: true } : {}),
      });
      setInactive(undefined);
      await onSaved(mapping);
    } catch (failure) {
      setError(errorText(failure));
      const refusedInactive = failure instanceof ApiError && failure.details?.reason === 'company-inactive';
      setInactive(refusedInactive ? { companyId, source } : undefined);
    }
  };

  return (
    <Dialog
      title={`${start === 'manual' ? 'Edit mapping' : 'Add mapping'}: ${account.name}`}
      onClose={onClose}
    >
      <ErrorMessage text={error} />
      {inactive && (
        <button type="button" onClick={() => void save(inactive.companyId, inactive.source, true)}>
          Map to the inactive company
        </button>
      )}
      {mode === 'suggest' && !match && !error && <p role="status">Searching the PSA for “{account.name}”…</p>}
      {mode === 'suggest' && match && (
        <section aria-live="polite">
          <h3>{OUTCOME_TEXT[match.outcome]}</h3>
          {match.outcome === 'found' ? (
            <>
              <p>
                <strong>{match.company.name}</strong>
              </p>
              <Evidence confidence={match.confidence} evidence={match.evidence} />
              <div class="actions">
                <button
                  type="button"
                  class="primary"
                  onClick={() => void save(match.company.id, 'automatic')}
                >
                  Map this company
                </button>
                <button type="button" onClick={() => setMode('manual')}>
                  Select another company
                </button>
              </div>
            </>
          ) : (
            <>
              {match.candidates.length > 0 && (
                <ul aria-label="Candidates">
                  {match.candidates.map((candidate) => (
                    <li key={candidate.company.id}>
                      <CandidateText candidate={candidate} />
                    </li>
                  ))}
                </ul>
              )}
              <Evidence evidence={match.evidence} />
              <button type="button" class="primary" onClick={() => setMode('manual')}>
                Map manually
              </button>
            </>
          )}
        </section>
      )}
      {mode === 'manual' && (
        <CompanySearch
          connectionId={connectionId}
          initialName={account.name}
          onSave={(company) => save(company.id, 'manual')}
        />
      )}
      <div class="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
