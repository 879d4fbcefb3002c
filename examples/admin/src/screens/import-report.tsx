import type { ImportReport } from '../api';

const OUTCOME_TEXT: Readonly<Record<string, string>> = {
  created: 'Created',
  existing: 'Already a GoTo user',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** The report of an import run: totals, and one line per contact (SPEC I6, I7). */
export function ImportReportView({ report }: { readonly report: ImportReport }) {
  const { totals } = report;
  return (
    <section aria-labelledby="import-report" class="card">
      <h2 id="import-report">Import report</h2>
      <p>
        Created now: <strong>{totals.newlyCreated}</strong> · Created in all: {totals.created} · Already GoTo
        users: {totals.existing} · Skipped: {totals.skipped} · Failed: {totals.failed}
      </p>
      {report.run > 1 && (
        <p class="hint">Run {report.run} of this plan: users created before were not created again.</p>
      )}
      <table>
        <caption>Contacts</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.contactId}>
              <td>{row.email || '—'}</td>
              <td>{OUTCOME_TEXT[row.outcome] ?? row.outcome}</td>
              <td>{row.message ?? row.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
