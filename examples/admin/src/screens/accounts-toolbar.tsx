import { useState } from 'preact/hooks';
import type { AccountMappingPage, AccountQuery } from '../account-mappings';
import type { Connection, ProviderInfo } from '../api';
import { connectionName } from '../use-bridge-data';

/** "3 minutes ago", for the read model's freshness. */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours ago` : `${Math.round(hours / 24)} days ago`;
}

const number = new Intl.NumberFormat('en');

interface ToolbarProps {
  readonly query: AccountQuery;
  readonly page: AccountMappingPage | undefined;
  readonly connections: readonly Connection[];
  readonly providers: readonly ProviderInfo[];
  readonly by: Connection;
  readonly refreshing: string | undefined;
  readonly onQuery: (query: AccountQuery) => void;
  readonly onBy: (connection: Connection) => void;
  readonly onRefresh: () => void;
}

/**
 * The Accounts screen's controls (SPEC R2): search by name, show all / unmapped / mapped / needs
 * attention with the counts, sort, which connection's column filters, and how fresh the copy
 * is with a Refresh button.
 */
export function AccountsToolbar(props: ToolbarProps) {
  const { query, page, connections, providers, by } = props;
  const [text, setText] = useState(query.q);
  const counts = page?.counts;
  const count = (n: number | null | undefined) =>
    n === null || n === undefined ? '' : ` (${number.format(n)})`;
  return (
    <div class="toolbar accounts-toolbar">
      <form
        aria-label="Search accounts"
        onSubmit={(event) => {
          event.preventDefault();
          props.onQuery({ ...query, q: text, cursor: undefined });
        }}
      >
        <label>
          Search accounts{' '}
          <input type="search" value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </label>{' '}
        <button type="submit">Search</button>
      </form>
      <label>
        Show{' '}
        <select
          value={query.filter}
          onChange={(event) =>
            props.onQuery({
              ...query,
              filter: event.currentTarget.value as AccountQuery['filter'],
              cursor: undefined,
            })
          }
        >
          <option value="all">All accounts{count(counts?.all)}</option>
          <option value="unmapped">Unmapped{count(counts?.unmapped)}</option>
          <option value="mapped">Mapped{count(counts?.mapped)}</option>
          <option value="needs-attention">Needs attention{count(counts?.needsAttention)}</option>
        </select>
      </label>
      <label>
        Sort{' '}
        <select
          value={query.sort}
          onChange={(event) =>
            props.onQuery({
              ...query,
              sort: event.currentTarget.value as AccountQuery['sort'],
              cursor: undefined,
            })
          }
        >
          <option value="">GoTo's order</option>
          <option value="name">Name, A to Z</option>
          <option value="-name">Name, Z to A</option>
        </select>
      </label>
      {connections.length > 1 && (
        <label>
          Filter by{' '}
          <select
            value={by.id}
            onChange={(event) => {
              const next = connections.find((connection) => connection.id === event.currentTarget.value);
              if (next) props.onBy(next);
            }}
          >
            {connections.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connectionName(connection, providers)}
              </option>
            ))}
          </select>
        </label>
      )}
      <p class="freshness">
        {props.refreshing ??
          (page?.refreshedAt
            ? `Refreshed ${ago(page.refreshedAt)}`
            : 'Not refreshed yet: read live from GoTo')}
        {' · '}
        <button type="button" onClick={props.onRefresh} disabled={props.refreshing !== undefined}>
          Refresh
        </button>
      </p>
    </div>
  );
}
