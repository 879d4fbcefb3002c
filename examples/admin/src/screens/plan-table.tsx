import type { PlanAnswer } from '../api';

/** The plan's reasons in a partner's words (SPEC I6). */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  new: 'New user',
  existing: 'Already a GoTo user',
  'no-email': 'No email address',
  'invalid-email': 'Email address not valid',
  'email-too-long': 'Email address longer than GoTo accepts',
  'duplicate-email': 'Same email as another contact',
  inactive: 'Inactive in the PSA',
};

/** The contacts of a plan: check boxes for the ones to create; skipped ones with their reason. */
export function PlanTable({
  plan,
  selected,
  onSelected,
  disabled,
}: {
  readonly plan: PlanAnswer;
  readonly selected: ReadonlySet<string>;
  readonly onSelected: (next: ReadonlySet<string>) => void;
  readonly disabled: boolean;
}) {
  const toggle = (contactId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(contactId);
    else next.delete(contactId);
    onSelected(next);
  };
  return (
    <>
      {plan.seatShortages.length > 0 && (
        <p class="error" role="alert">
          Not enough free seats:{' '}
          {plan.seatShortages
            .map((shortage) => `${shortage.licenseKey} needs ${shortage.needed}, ${shortage.available} free`)
            .join('; ')}
        </p>
      )}
      <table>
        <caption>Contacts of the mapped company ({selected.size} selected)</caption>
        <thead>
          <tr>
            <th scope="col">Add</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => {
            const name = `${row.firstName} ${row.lastName}`.trim() || row.email || row.contactId;
            return (
              <tr key={row.contactId}>
                <td>
                  {row.action === 'create' ? (
                    <input
                      type="checkbox"
                      aria-label={`Add ${name}`}
                      checked={selected.has(row.contactId)}
                      disabled={disabled}
                      onChange={(event) => toggle(row.contactId, event.currentTarget.checked)}
                    />
                  ) : (
                    <span class="hint">Skipped</span>
                  )}
                </td>
                <td>
                  {name}
                  {row.nameDerived && <span class="hint"> (name from the email address)</span>}
                </td>
                <td>{row.email ?? row.invalidEmail ?? '—'}</td>
                <td>{REASON_TEXT[row.reason] ?? row.reason}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
