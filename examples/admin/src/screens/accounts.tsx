import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  type AccountMappingPage,
  type AccountMappings,
  type AccountQuery,
  loadAccountPage,
} from '../account-mappings';
import { api, type Connection, errorText, type Mapping, type RunStatus } from '../api';
import { useAnnounce } from '../ui/announcer';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { followRun } from '../ui/follow-run';
import { NoConnections } from '../ui/no-connections';
import { connectionName } from '../use-bridge-data';
import { AccountsToolbar } from './accounts-toolbar';
import { MappingDialog } from './mapping-dialog';
import type { ScreenProps } from './screen-props';

const PAGE_SIZE = 50;
const number = new Intl.NumberFormat('en');
const PROBLEM = {
  deleted: 'company deleted',
  inactive: 'company inactive',
  renamed: 'company renamed',
} as const;
const PART = { accounts: 'GoTo accounts', companies: 'PSA companies', contacts: 'contacts' } as const;

type Row = AccountMappings;

type Open =
  | {
      readonly kind: 'map';
      readonly connection: Connection;
      readonly account: Row['account'];
      readonly start: 'suggest' | 'manual';
    }
  | {
      readonly kind: 'view';
      readonly connection: Connection;
      readonly account: Row['account'];
      readonly mapping: Mapping;
    };

/**
 * Accounts: the GoTo accounts with a PSA mapping column per connection (SPEC C5, M1-M3), a page
 * at a time from the read model (R2): searched, filtered, sorted and counted on the server, with
 * how fresh the copy is and a Refresh that reads the vendors again.
 */
export function AccountsScreen({ data }: ScreenProps) {
  const announce = useAnnounce();
  const [page, setPage] = useState<AccountMappingPage>();
  const [open, setOpen] = useState<Open>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState<AccountQuery>({ limit: PAGE_SIZE, filter: 'all', q: '', sort: '' });
  // Cursors of the pages before this one, for Previous.
  const [history, setHistory] = useState<readonly (string | undefined)[]>([]);
  const [byId, setById] = useState<string>();
  const [refreshing, setRefreshing] = useState<string>();
  const by = data.connections.find((connection) => connection.id === byId) ?? data.connections[0];
  const rows = page?.rows;
  const refresh = useCallback(async () => {
    if (!by) return;
    try {
      setPage(await loadAccountPage(data.connections, by, query));
      setError(undefined);
    } catch (failure) {
      setError(errorText(failure));
    }
  }, [data.connections, by, query]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const changeQuery = (next: AccountQuery) => {
    setHistory([]);
    setQuery(next);
  };
  const readAgain = async () => {
    try {
      for (const connection of data.connections) {
        const name = connectionName(connection, data.providers);
        setRefreshing(`Refreshing ${name}…`);
        const run = await api<RunStatus>(
          'POST',
          `/connections/${encodeURIComponent(connection.id)}/refreshes`,
          {},
        );
        const ended = await followRun(`/runs/${encodeURIComponent(run.id)}`, (status) => {
          const [part, read] = Object.entries(status.progress?.totals ?? {})[0] ?? [];
          if (part)
            setRefreshing(
              `Refreshing ${name}: ${PART[part as keyof typeof PART] ?? part}, ${number.format(read ?? 0)} read…`,
            );
        });
        if (ended.state !== 'done')
          throw new Error(ended.error?.message ?? `The refresh of ${name} did not finish`);
      }
      setRefreshing(undefined);
      await refresh();
      announce('Accounts refreshed');
    } catch (failure) {
      setRefreshing(undefined);
      setError(errorText(failure));
    }
  };

  if (data.connections.length === 0) {
    return <NoConnections />;
  }
  const unmap = async (connection: Connection, account: Row['account']) => {
    try {
      await api('DELETE', `/connections/${connection.id}/mappings/${encodeURIComponent(account.key)}`);
      await refresh();
      announce(`${account.name} unmapped in ${connectionName(connection, data.providers)}`);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  if (!by) return <NoConnections />;
  const first = history.length * PAGE_SIZE + 1;
  const shownTotal = page
    ? {
        all: page.counts.all,
        unmapped: page.counts.unmapped,
        mapped: page.counts.mapped,
        'needs-attention': page.counts.needsAttention ?? 0,
      }[query.filter]
    : 0;
  return (
    <>
      <ErrorMessage text={error} />
      <AccountsToolbar
        query={query}
        page={page}
        connections={data.connections}
        providers={data.providers}
        by={by}
        refreshing={refreshing}
        onQuery={changeQuery}
        onBy={(connection) => {
          setHistory([]);
          setQuery({ ...query, cursor: undefined });
          setById(connection.id);
        }}
        onRefresh={() => void readAgain()}
      />
      {!rows ? (
        <p>Loading accounts…</p>
      ) : (
        // On a narrow screen the table scrolls inside its own region, never the whole page; the
        // region is focusable so a keyboard can scroll it too.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section class="table-scroll" aria-label="Mapping table" tabIndex={0}>
          <table>
            <caption>GoTo accounts and their PSA companies</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                {data.connections.map((connection) => (
                  <th scope="col" key={connection.id}>
                    PSA mapping <span class="hint">({connectionName(connection, data.providers)})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.account.key}>
                  <th scope="row">{row.account.name}</th>
                  {data.connections.map((connection) => {
                    const mapping = row.mappings[connection.id] ?? null;
                    return (
                      <td key={connection.id}>
                        {mapping ? (
                          <>
                            <span class="mapped">{mapping.companyName}</span>
                            {connection.id === by.id && row.problem && (
                              <span class="attention"> Needs attention: {PROBLEM[row.problem]}</span>
                            )}
                            <span class="actions">
                              <button
                                type="button"
                                onClick={() =>
                                  setOpen({ kind: 'view', connection, account: row.account, mapping })
                                }
                              >
                                View mapping
                              </button>
                              <button
                                type="button"
                                onClick={() =>
                                  setOpen({ kind: 'map', connection, account: row.account, start: 'manual' })
                                }
                              >
                                Edit mapping
                              </button>
                              <button type="button" onClick={() => void unmap(connection, row.account)}>
                                Unmap
                              </button>
                            </span>
                          </>
                        ) : (
                          <>
                            <span class="hint">Unmapped</span>{' '}
                            <button
                              type="button"
                              onClick={() =>
                                setOpen({ kind: 'map', connection, account: row.account, start: 'suggest' })
                              }
                            >
                              Add mapping
                            </button>
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p>No accounts match.</p>}
        </section>
      )}
      {page && (
        <nav class="pager" aria-label="Pages">
          <p role="status">
            {rows && rows.length > 0
              ? `Accounts ${number.format(first)}–${number.format(first + rows.length - 1)} of ${number.format(shownTotal)}`
              : 'No accounts'}
          </p>
          <button
            type="button"
            disabled={history.length === 0}
            onClick={() => {
              const previous = history.slice(0, -1);
              setHistory(previous);
              setQuery({ ...query, cursor: history[history.length - 1] });
            }}
          >
            Previous page
          </button>{' '}
          <button
            type="button"
            disabled={!page.cursor}
            onClick={() => {
              setHistory([...history, query.cursor]);
              setQuery({ ...query, cursor: page.cursor ?? undefined });
            }}
          >
            Next page
          </button>
        </nav>
      )}
      {open?.kind === 'map' && (
        <MappingDialog
          connectionId={open.connection.id}
          account={open.account}
          start={open.start}
          onClose={() => setOpen(undefined)}
          onSaved={async (mapping) => {
            setOpen(undefined);
            await refresh();
            announce(`${open.account.name} mapped to ${mapping.companyName}`);
          }}
        />
      )}
      {open?.kind === 'view' && (
        <Dialog title={`Mapping: ${open.account.name}`} onClose={() => setOpen(undefined)}>
          <dl>
            <dt>GoTo account</dt>
            <dd>{open.account.name}</dd>
            <dt>PSA company</dt>
            <dd>{open.mapping.companyName}</dd>
            <dt>Connection</dt>
            <dd>{connectionName(open.connection, data.providers)}</dd>
            <dt>Chosen by</dt>
            <dd>{open.mapping.source === 'automatic' ? 'the automatic search' : 'a person'}</dd>
            <dt>Mapped at</dt>
            <dd>{new Date(open.mapping.mappedAt).toLocaleString('en')}</dd>
          </dl>
          <button type="button" onClick={() => setOpen(undefined)}>
            Close
          </button>
        </Dialog>
      )}
    </>
  );
}
