import { useState } from 'preact/hooks';
import {
  type AccountRow,
  type AutoMapReport,
  type AutoMapRow,
  api,
  errorText,
  type Items,
  type RunStatus,
} from '../api';
import { useAnnounce } from '../ui/announcer';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { followRun } from '../ui/follow-run';
import { NoConnections } from '../ui/no-connections';
import { RunProgress } from '../ui/progress';
import { ConnectionPicker } from './connection-picker';
import { CandidateText, Evidence, OUTCOME_TEXT } from './match-details';
import type { ScreenProps } from './screen-props';

/** Runs an auto-map off the request and follows it to its report. */
async function runAutoMap(
  connectionId: string,
  options: { dryRun: boolean },
  onStatus: (status: RunStatus) => void,
): Promise<AutoMapReport> {
  const started = await api<RunStatus>('POST', `/connections/${connectionId}/auto-maps`, {
    ...options,
    onlyUnmapped: true,
  });
  const last = await followRun(`/runs/${encodeURIComponent(started.id)}`, onStatus, { events: false });
  if (last.state === 'failed') throw new Error(last.error?.message ?? 'The auto-map failed');
  return last.report as AutoMapReport;
}

/**
 * Auto-map review (SPEC M4): every unmapped account with its outcome, candidates and evidence;
 * accept one, accept all safe matches after a confirmation, or skip. Mapped accounts are never
 * touched: the run leaves them out and the server never overwrites them.
 */
export function AutoMapReviewScreen({ data }: ScreenProps) {
  const announce = useAnnounce();
  const [connectionId, setConnectionId] = useState(data.connections[0]?.id ?? '');
  const [status, setStatus] = useState<RunStatus>();
  const [rows, setRows] = useState<readonly AutoMapRow[]>();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (data.connections.length === 0) {
    return <NoConnections />;
  }
  const review = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const report = await runAutoMap(connectionId, { dryRun: true }, setStatus);
      setRows(report.rows.filter((row) => !row.existing));
      announce(`${report.rows.length} unmapped accounts to review`);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  const accept = async (row: AutoMapRow, companyId: string, companyName: string) => {
    try {
      await api('PUT', `/connections/${connectionId}/mappings/${encodeURIComponent(row.account.key)}`, {
        companyId,
        source: 'automatic',
      });
      setRows((current) => current?.filter((other) => other.account.key !== row.account.key));
      announce(`${row.account.name} mapped to ${companyName}`);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const skip = (row: AutoMapRow) => {
    setRows((current) => current?.filter((other) => other.account.key !== row.account.key));
    announce(`${row.account.name} skipped`);
  };
  const safe = rows?.filter((row) => row.outcome === 'found' && row.safe) ?? [];
  const acceptAllSafe = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      // Never overwrite: accounts mapped since the review (by anyone) are left as they are.
      const { items } = await api<Items<AccountRow>>('GET', `/connections/${connectionId}/accounts`);
      const mappedNow = new Set(items.filter((item) => item.mapping).map((item) => item.account.key));
      let saved = 0;
      for (const row of safe) {
        if (row.outcome !== 'found' || mappedNow.has(row.account.key)) continue;
        await api('PUT', `/connections/${connectionId}/mappings/${encodeURIComponent(row.account.key)}`, {
          companyId: row.company.id,
          source: 'automatic',
        });
        saved += 1;
      }
      const done = new Set(safe.map((row) => row.account.key));
      setRows((current) => current?.filter((row) => !done.has(row.account.key)));
      const left = safe.length - saved;
      announce(
        `${saved} safe matches saved${left > 0 ? `; ${left} mapped meanwhile, left as they are` : ''}`,
      );
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        Find a company for every unmapped account, then review. Accounts that have a mapping are never
        changed.
      </p>
      <div class="toolbar">
        <ConnectionPicker
          connections={data.connections}
          providers={data.providers}
          value={connectionId}
          onChange={(id) => {
            setConnectionId(id);
            setRows(undefined);
          }}
        />
        <button type="button" class="primary" disabled={busy} onClick={() => void review()}>
          Find matches
        </button>
        <button type="button" disabled={busy || safe.length === 0} onClick={() => setConfirming(true)}>
          Accept all safe matches
        </button>
      </div>
      <ErrorMessage text={error} />
      {busy && status && <RunProgress label="Matching accounts" status={status} />}
      {rows && rows.length === 0 && <p>Nothing left to review.</p>}
      {rows && rows.length > 0 && (
        <table>
          <caption>Unmapped accounts</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Outcome</th>
              <th scope="col">Candidates and evidence</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.account.key}>
                <th scope="row">{row.account.name}</th>
                <td>
                  {OUTCOME_TEXT[row.outcome]}
                  {row.outcome === 'found' && !row.safe && <span class="hint"> (look first)</span>}
                </td>
                <td>
                  {row.candidates.length > 0 && (
                    <ul aria-label="Candidates">
                      {row.candidates.map((candidate) => (
                        <li key={candidate.company.id}>
                          <CandidateText candidate={candidate} />
                        </li>
                      ))}
                    </ul>
                  )}
                  <Evidence confidence={row.confidence} evidence={row.evidence} />
                </td>
                <td class="actions">
                  {row.outcome === 'found' ? (
                    <button type="button" onClick={() => void accept(row, row.company.id, row.company.name)}>
                      Accept
                    </button>
                  ) : (
                    row.candidates.map((candidate) => (
                      <button
                        type="button"
                        key={candidate.company.id}
                        onClick={() => void accept(row, candidate.company.id, candidate.company.name)}
                      >
                        Map to {candidate.company.name}
                      </button>
                    ))
                  )}
                  <button type="button" onClick={() => skip(row)}>
                    Skip
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <Dialog title="Accept all safe matches" onClose={() => setConfirming(false)}>
          <p>Save these {safe.length} mappings? Accounts mapped since the review are left as they are.</p>
          <ul>
            {safe.map((row) => (
              <li key={row.account.key}>
                {row.account.name} → {row.company?.name}
              </li>
            ))}
          </ul>
          <div class="actions">
            <button type="button" class="primary" onClick={() => void acceptAllSafe()}>
              Save {safe.length} mappings
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
