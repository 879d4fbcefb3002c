import { useEffect, useId, useState } from 'preact/hooks';
import { api, type CompanyStatus, type CompanyType, errorText, type PageAnswer } from '../api';
import { ErrorMessage } from '../ui/error-message';

interface CompanyRow {
  readonly id: string;
  readonly name: string;
  readonly status?: { readonly id: string; readonly name: string };
  readonly types?: readonly { readonly id: string; readonly name: string }[];
}

/** Props of {@link CompanySearch}. */
export interface CompanySearchProps {
  readonly connectionId: string;
  /** Where the search starts, like the account's name. */
  readonly initialName: string;
  /** Called with the company chosen by Save mapping. */
  readonly onSave: (company: { readonly id: string; readonly name: string }) => void | Promise<void>;
}

/**
 * Manual mapping (SPEC M2): search the PSA's companies by name with its Status and Type filters,
 * page through the results, pick one, Save mapping.
 */
export function CompanySearch({ connectionId, initialName, onSave }: CompanySearchProps) {
  const [filters, setFilters] = useState<{
    statuses: readonly CompanyStatus[];
    types: readonly CompanyType[];
  }>();
  const [name, setName] = useState(initialName);
  const [statusId, setStatusId] = useState('');
  const [typeId, setTypeId] = useState('');
  const [page, setPage] = useState<PageAnswer<CompanyRow>>();
  // Cursors of the pages before this one, so Previous page can go back.
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([]);
  const [current, setCurrent] = useState<string | undefined>();
  const [chosen, setChosen] = useState<CompanyRow>();
  const [error, setError] = useState<string>();
  const resultsId = useId();

  useEffect(() => {
    api<{ statuses: CompanyStatus[]; types: CompanyType[] }>('GET', `/connections/${connectionId}/filters`)
      .then(setFilters)
      .catch((failure: unknown) => setError(errorText(failure)));
  }, [connectionId]);

  const load = async (cursor: string | undefined) => {
    setError(undefined);
    const query = new URLSearchParams({ pageSize: '10' });
    if (name.trim()) query.set('name', name.trim());
    if (statusId) query.set('statusIds', statusId);
    if (typeId) query.set('typeIds', typeId);
    if (cursor) query.set('cursor', cursor);
    try {
      setPage(await api<PageAnswer<CompanyRow>>('GET', `/connections/${connectionId}/companies?${query}`));
      setCurrent(cursor);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const search = (event: Event) => {
    event.preventDefault();
    setCursors([]);
    setChosen(undefined);
    void load(undefined);
  };

  return (
    <div class="company-search">
      <search aria-label="Search companies">
        <form onSubmit={search}>
          <label>
            Company name
            <input name="name" value={name} onInput={(event) => setName(event.currentTarget.value)} />
          </label>
          <label>
            Status
            <select value={statusId} onChange={(event) => setStatusId(event.currentTarget.value)}>
              <option value="">Any status</option>
              {filters?.statuses.map((status) => (
                <option key={status.id} value={status.id}>
                  {status.name}
                  {status.inactive ? ' (inactive)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            Type
            <select value={typeId} onChange={(event) => setTypeId(event.currentTarget.value)}>
              <option value="">Any type</option>
              {filters?.types.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Search</button>
        </form>
      </search>
      <ErrorMessage text={error} />
      {page && (
        <fieldset aria-describedby={resultsId}>
          <legend>Companies</legend>
          <p id={resultsId} class="hint">
            {page.items.length === 0 ? 'No companies match.' : `Page ${cursors.length + 1}`}
          </p>
          {page.items.map((company) => (
            <label key={company.id} class="choice">
              <input
                type="radio"
                name="company"
                value={company.id}
                checked={chosen?.id === company.id}
                onChange={() => setChosen(company)}
              />
              {company.name}
              <span class="hint">
                {[company.status?.name, ...(company.types ?? []).map((type) => type.name)]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </label>
          ))}
          <div class="actions">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => {
                const previous = cursors.slice(0, -1);
                const cursor = cursors[cursors.length - 1];
                setCursors(previous);
                void load(cursor);
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!page.hasMore}
              onClick={() => {
                setCursors([...cursors, current]);
                void load(page.cursor ?? undefined);
              }}
            >
              Next page
            </button>
          </div>
        </fieldset>
      )}
      <button type="button" class="primary" disabled={!chosen} onClick={() => chosen && void onSave(chosen)}>
        Save mapping
      </button>
    </div>
  );
}
