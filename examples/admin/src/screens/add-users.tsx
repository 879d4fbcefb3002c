import { useEffect, useRef, useState } from 'preact/hooks';
import { loadAccountMappings } from '../account-mappings';
import {
  api,
  type Connection,
  errorText,
  type ImportReport,
  type Items,
  type License,
  type PlanAnswer,
  type RunStatus,
} from '../api';
import { useAnnounce } from '../ui/announcer';
import { ErrorMessage } from '../ui/error-message';
import { followRun } from '../ui/follow-run';
import { NoConnections } from '../ui/no-connections';
import { RunProgress } from '../ui/progress';
import { findRunToResume, forgetRun, rememberRun } from '../ui/resume-run';
import { connectionName, shortName } from '../use-bridge-data';
import { ImportReportView } from './import-report';
import { PlanTable } from './plan-table';
import type { ScreenProps } from './screen-props';

interface Account {
  readonly key: string;
  readonly name: string;
  /** The connections this account is mapped in, with the company. */
  readonly mappedIn: readonly { readonly connection: Connection; readonly companyName: string }[];
}

/** The GoTo accounts, each with the connections it is mapped in. */
async function loadAccounts(connections: readonly Connection[]): Promise<Account[]> {
  return (await loadAccountMappings(connections)).map(({ account, mappings }) => ({
    ...account,
    mappedIn: connections.flatMap((connection) => {
      const mapping = mappings[connection.id];
      return mapping ? [{ connection, companyName: mapping.companyName }] : [];
    }),
  }));
}

/**
 * Add users (SPEC I1-I7): licenses with free seats (none checked is allowed), Next, Import from
 * the PSA the account is mapped in, the contacts with check boxes (skipped ones with their
 * reason), Add users with progress and ETA, and the report. Running it again creates nobody twice.
 */
export function AddUsersScreen({ data }: ScreenProps) {
  const announce = useAnnounce();
  const [accounts, setAccounts] = useState<Account[]>();
  const [accountKey, setAccountKey] = useState('');
  const [licenses, setLicenses] = useState<readonly License[]>();
  const [chosenLicenses, setChosenLicenses] = useState<ReadonlySet<string>>(new Set());
  const [step, setStep] = useState<'licenses' | 'source' | 'contacts'>('licenses');
  const [plan, setPlan] = useState<PlanAnswer>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<RunStatus>();
  // The report of the account it belongs to: a report never shows under another account.
  const [report, setReport] = useState<{ readonly accountKey: string; readonly report: ImportReport }>();
  const [error, setError] = useState<string>();
  // The account chosen now: answers that come back for another one are dropped, not shown.
  const chosen = useRef('');
  // A run found again after a reload, applied once its account is chosen.
  const resuming = useRef<{ run: RunStatus; plan: PlanAnswer } | undefined>(undefined);

  const follow = async (started: RunStatus, forAccount: string) => {
    setStatus(started);
    try {
      const last = await followRun(`/runs/${encodeURIComponent(started.id)}`, (next) => {
        if (chosen.current === forAccount) setStatus(next);
      });
      if (last.state === 'failed') throw new Error(last.error?.message ?? 'The import failed');
      const done = last.report as ImportReport | undefined;
      if (done && chosen.current === forAccount) {
        setReport({ accountKey: forAccount, report: done });
        announce(`Import finished: ${done.totals.newlyCreated} users created now`);
      }
    } finally {
      setStatus(undefined);
    }
  };

  useEffect(() => {
    loadAccounts(data.connections)
      .then(async (list) => {
        setAccounts(list);
        const found = await findRunToResume().catch(() => undefined);
        if (found && list.some((account) => account.key === found.plan.accountKey)) {
          resuming.current = found;
          setAccountKey(found.plan.accountKey);
          return;
        }
        setAccountKey(list.find((account) => account.mappedIn.length > 0)?.key ?? list[0]?.key ?? '');
      })
      .catch((failure: unknown) => setError(errorText(failure)));
  }, [data.connections]);
  useEffect(() => {
    chosen.current = accountKey;
    if (!accountKey) return;
    setLicenses(undefined);
    setChosenLicenses(new Set());
    setPlan(undefined);
    setReport(undefined);
    setError(undefined);
    const found = resuming.current;
    resuming.current = undefined;
    if (found?.plan.accountKey === accountKey) {
      setPlan(found.plan);
      setSelected(
        new Set(found.plan.rows.filter((row) => row.action === 'create').map((row) => row.contactId)),
      );
      setStep('contacts');
      if (found.run.state === 'running' || found.run.state === 'queued') {
        void follow(found.run, accountKey).catch((failure: unknown) => setError(errorText(failure)));
      } else if (found.run.report) {
        setReport({ accountKey, report: found.run.report as ImportReport });
      }
    } else {
      setStep('licenses');
      forgetRun();
    }
    api<Items<License>>('GET', `/accounts/${encodeURIComponent(accountKey)}/licenses`)
      .then((answer) => {
        if (chosen.current === accountKey) setLicenses(answer.items);
      })
      .catch((failure: unknown) => setError(errorText(failure)));
  }, [accountKey]);

  if (data.connections.length === 0) {
    return <NoConnections />;
  }
  const account = accounts?.find((candidate) => candidate.key === accountKey);

  const planFrom = async (connection: Connection) => {
    setError(undefined);
    setReport(undefined);
    try {
      const answer = await api<PlanAnswer>('POST', '/imports', {
        connectionId: connection.id,
        accountKey,
        licenseKeys: [...chosenLicenses],
      });
      if (chosen.current !== answer.accountKey) return; // another account was chosen meanwhile
      setPlan(answer);
      setSelected(new Set(answer.rows.filter((row) => row.action === 'create').map((row) => row.contactId)));
      setStep('contacts');
      announce(`${answer.rows.length} contacts read from ${connectionName(connection, data.providers)}`);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const run = async () => {
    if (!plan) return;
    setError(undefined);
    setReport(undefined);
    try {
      // Clicking Add users again after a report is the person asking for another run: say so.
      const started = await api<RunStatus>('POST', `/imports/${encodeURIComponent(plan.planId)}/run`, {
        contactIds: [...selected],
        ...(plan.runs.length > 0 ? { again: true } : {}),
      });
      setPlan({ ...plan, runs: [...plan.runs, started.id] });
      rememberRun(started.id);
      await follow(started, plan.accountKey);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <>
      <label>
        GoTo account
        <select
          value={accountKey}
          disabled={status !== undefined}
          onChange={(event) => setAccountKey(event.currentTarget.value)}
        >
          {accounts?.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {candidate.name}
              {candidate.mappedIn.length === 0 ? ' (not mapped)' : ''}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage text={error} />
      {licenses && (
        <fieldset>
          <legend>Licenses</legend>
          <p class="hint">Every user created gets the licenses checked here. None checked is allowed.</p>
          {licenses.map((license) => (
            <label key={license.key} class="choice">
              <input
                type="checkbox"
                checked={chosenLicenses.has(license.key)}
                disabled={step !== 'licenses'}
                onChange={(event) => {
                  const next = new Set(chosenLicenses);
                  if (event.currentTarget.checked) next.add(license.key);
                  else next.delete(license.key);
                  setChosenLicenses(next);
                }}
              />
              {license.name ?? license.products.join(', ')}{' '}
              <span class="hint">
                {license.seats
                  ? `${license.seats.available} of ${license.seats.total} seats free`
                  : 'seats not reported'}
              </span>
            </label>
          ))}
          {step === 'licenses' && (
            <button type="button" class="primary" onClick={() => setStep('source')}>
              Next
            </button>
          )}
        </fieldset>
      )}
      {step !== 'licenses' && account && (
        <section aria-label="Import from">
          {account.mappedIn.length === 0 ? (
            <p>
              {account.name} is not mapped to a PSA company. <a href="#accounts">Map it</a> first.
            </p>
          ) : (
            <div class="actions">
              {account.mappedIn.map(({ connection, companyName }) => {
                const provider = data.providers.find((candidate) => candidate.id === connection.providerId);
                const sameProvider = account.mappedIn.filter(
                  (other) => other.connection.providerId === connection.providerId,
                );
                return (
                  <button
                    type="button"
                    key={connection.id}
                    onClick={() => void planFrom(connection)}
                    title={companyName}
                  >
                    Import from {shortName(provider?.displayName ?? connection.providerId)}
                    {sameProvider.length > 1 ? ` (${connection.label})` : ''}
                  </button>
                );
              })}
            </div>
          )}
        </section>
      )}
      {step === 'contacts' && plan?.accountKey === accountKey && (
        <PlanTable plan={plan} selected={selected} onSelected={setSelected} disabled={status !== undefined} />
      )}
      {step === 'contacts' && plan?.accountKey === accountKey && (
        <button type="button" class="primary" disabled={status !== undefined} onClick={() => void run()}>
          Add users
        </button>
      )}
      {status && <RunProgress label="Adding users" status={status} />}
      {report?.accountKey === accountKey && <ImportReportView report={report.report} />}
    </>
  );
}
