import { useState } from 'preact/hooks';
import { api, type Connection, errorText, type PageAnswer, type ProviderInfo } from '../api';
import { useAnnounce } from '../ui/announcer';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { PRODUCT_NAMES } from '../use-bridge-data';
import { ConnectionDialog } from './connection-dialog';
import type { ScreenProps } from './screen-props';

type Open =
  | { readonly kind: 'add'; readonly provider: ProviderInfo }
  | { readonly kind: 'edit'; readonly provider: ProviderInfo; readonly connection: Connection }
  | { readonly kind: 'delete'; readonly connection: Connection; readonly mappings: string };

/** PSA integrations: one section per provider, its connections, Connect, edit and delete (SPEC C2-C6). */
export function IntegrationsScreen({ data }: ScreenProps) {
  const announce = useAnnounce();
  const [open, setOpen] = useState<Open>();
  const [error, setError] = useState<string>();

  const askDelete = async (connection: Connection) => {
    try {
      const page = await api<PageAnswer<unknown>>(
        'GET',
        `/connections/${connection.id}/mappings?pageSize=100`,
      );
      const count = `${page.items.length}${page.hasMore ? ' or more' : ''}`;
      setOpen({ kind: 'delete', connection, mappings: count });
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const confirmDelete = async (connection: Connection) => {
    try {
      await api('DELETE', `/connections/${connection.id}`);
      setOpen(undefined);
      await data.reload();
      announce(`Connection ${connection.label} deleted, with its mappings`);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <>
      <p>Connect a PSA for one GoTo product per connection. Every connection is tested before it is saved.</p>
      <ErrorMessage text={error} />
      {data.providers.map((provider) => {
        const connections = data.connections.filter((connection) => connection.providerId === provider.id);
        const headingId = `provider-${provider.id}`;
        return (
          <section key={provider.id} aria-labelledby={headingId} class="card">
            <h2 id={headingId}>{provider.displayName}</h2>
            {connections.length === 0 ? (
              <p>Not connected.</p>
            ) : (
              <ul class="connections">
                {connections.map((connection) => (
                  <li key={connection.id}>
                    <span>
                      <strong>{connection.label}</strong> ·{' '}
                      {PRODUCT_NAMES[connection.product] ?? connection.product}
                    </span>
                    <span class="actions">
                      <button
                        type="button"
                        aria-label={`Edit ${connection.label}`}
                        onClick={() => setOpen({ kind: 'edit', provider, connection })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`Delete ${connection.label}`}
                        onClick={() => void askDelete(connection)}
                      >
                        Delete
                      </button>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" class="primary" onClick={() => setOpen({ kind: 'add', provider })}>
              Connect
            </button>
          </section>
        );
      })}
      {(open?.kind === 'add' || open?.kind === 'edit') && (
        <ConnectionDialog
          provider={open.provider}
          products={data.products}
          {...(open.kind === 'edit'
            ? { connection: open.connection }
            : { demoCredentials: data.setup?.demoCredentials?.[open.provider.id] })}
          onClose={() => setOpen(undefined)}
          onSaved={async (connection) => {
            setOpen(undefined);
            await data.reload();
            announce(`Connection ${connection.label} tested and saved`);
          }}
        />
      )}
      {open?.kind === 'delete' && (
        <Dialog title="Delete connection" onClose={() => setOpen(undefined)}>
          <p>
            Delete <strong>{open.connection.label}</strong>? Its mappings ({open.mappings}) are deleted with
            it. Users already created in GoTo stay.
          </p>
          <div class="actions">
            <button type="button" class="danger" onClick={() => void confirmDelete(open.connection)}>
              Delete connection
            </button>
            <button type="button" onClick={() => setOpen(undefined)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
