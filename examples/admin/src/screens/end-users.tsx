import type { InboundResolution } from '@psa-bridge/core';
import { useEffect, useState } from 'preact/hooks';
import { type AccountRow, api, errorText, type Items } from '../api';
import { ErrorMessage } from '../ui/error-message';
import type { ScreenProps } from './screen-props';

/** The answer of `POST /end-users/resolve`: a strong end user carries the GoTo user, a weak one the end user. */
type Resolution = InboundResolution;

/** Who the resolution names, in words: the GoTo user's name (or address), or the weak end user's display name. */
const nameOf = (resolution: Resolution): { readonly name: string; readonly email: string } =>
  resolution.kind === 'strong'
    ? {
        name:
          [resolution.user.firstName, resolution.user.lastName].filter(Boolean).join(' ') ||
          resolution.user.email,
        email: resolution.user.email,
      }
    : { name: resolution.endUser.displayName, email: resolution.endUser.email };

/**
 * End users (SPEC E2, E3): resolve an inbound address to a strong end user (a GoTo user) or a
 * weak one, and preview the display name an address gets.
 */
export function EndUsersScreen({ data }: ScreenProps) {
  const [accounts, setAccounts] = useState<readonly AccountRow['account'][]>();
  const [accountKey, setAccountKey] = useState('');
  const [inbound, setInbound] = useState('');
  const [resolution, setResolution] = useState<Resolution>();
  const [preview, setPreview] = useState('');
  const [previewName, setPreviewName] = useState<string>();
  const [error, setError] = useState<string>();
  const [previewError, setPreviewError] = useState<string>();

  useEffect(() => {
    const first = data.connections[0];
    if (!first) return;
    api<Items<AccountRow>>('GET', `/connections/${first.id}/accounts`)
      .then(({ items }) => {
        setAccounts(items.map((item) => item.account));
        setAccountKey(items[0]?.account.key ?? '');
      })
      .catch((failure: unknown) => setError(errorText(failure)));
  }, [data.connections]);
  useEffect(() => {
    setPreviewError(undefined);
    if (!preview.includes('@')) {
      setPreviewName(undefined);
      return;
    }
    const timer = setTimeout(() => {
      api<{ displayName: string }>('GET', `/end-users/display-name?email=${encodeURIComponent(preview)}`)
        .then((answer) => setPreviewName(answer.displayName))
        .catch((failure: unknown) => {
          setPreviewName(undefined);
          setPreviewError(errorText(failure));
        });
    }, 200);
    return () => clearTimeout(timer);
  }, [preview]);

  const resolve = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setResolution(undefined);
    try {
      setResolution(await api<Resolution>('POST', '/end-users/resolve', { accountKey, email: inbound }));
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <>
      <section aria-labelledby="resolve-heading" class="card">
        <h2 id="resolve-heading">Resolve an inbound address</h2>
        {data.connections.length === 0 ? (
          <p>
            <a href="#integrations">Connect a PSA</a> first to list the GoTo accounts.
          </p>
        ) : (
          <form onSubmit={(event) => void resolve(event)}>
            <label>
              GoTo account
              <select value={accountKey} onChange={(event) => setAccountKey(event.currentTarget.value)}>
                {accounts?.map((account) => (
                  <option key={account.key} value={account.key}>
                    {account.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Inbound email address
              <input
                type="email"
                required
                value={inbound}
                onInput={(event) => setInbound(event.currentTarget.value)}
              />
            </label>
            <button type="submit" class="primary">
              Resolve
            </button>
          </form>
        )}
        <ErrorMessage text={error} />
        <div role="status">
          {resolution && (
            <p>
              {resolution.kind === 'strong' ? 'Strong end user (a GoTo user)' : 'Weak end user'}
              {resolution.kind === 'weak' &&
                (resolution.created ? ', created on this first contact' : ', known already')}
              : <strong>{nameOf(resolution).name}</strong> &lt;{nameOf(resolution).email}&gt;
            </p>
          )}
        </div>
      </section>
      <section aria-labelledby="preview-heading" class="card">
        <h2 id="preview-heading">Display name preview</h2>
        <label>
          Email address to preview
          <input type="text" value={preview} onInput={(event) => setPreview(event.currentTarget.value)} />
        </label>
        <ErrorMessage text={previewError} />
        <p role="status">
          {previewName !== undefined && (
            <>
              Display name: <strong>{previewName}</strong>
            </>
          )}
        </p>
      </section>
    </>
  );
}
