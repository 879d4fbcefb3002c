import { useCallback, useEffect, useState } from 'preact/hooks';
import { type AccountMappings, loadAccountMappings } from '../account-mappings';
import { api, type Connection, errorText, type Mapping } from '../api';
import { useAnnounce } from '../ui/announcer';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { NoConnections } from '../ui/no-connections';
import { connectionName } from '../use-bridge-data';
import { MappingDialog } from './mapping-dialog';
import type { ScreenProps } from './screen-props';

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

/** Accounts: the GoTo accounts with a PSA mapping column per connection (SPEC C5, M1-M3). */
export function AccountsScreen({ data }: ScreenProps) {
  const announce = useAnnounce();
  const [rows, setRows] = useState<Row[]>();
  const [open, setOpen] = useState<Open>();
  const [error, setError] = useState<string>();
  const refresh = useCallback(async () => {
    try {
      setRows(await loadAccountMappings(data.connections));
    } catch (failure) {
      setError(errorText(failure));
    }
  }, [data.connections]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

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

  return (
    <>
      <ErrorMessage text={error} />
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
        </section>
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
