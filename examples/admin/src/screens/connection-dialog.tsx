import { useState } from 'preact/hooks';
import {
  api,
  type Connection,
  type CredentialField,
  errorText,
  type ProviderInfo,
  type SaveAnswer,
  testFailureOf,
} from '../api';
import { Dialog } from '../ui/dialog';
import { ErrorMessage } from '../ui/error-message';
import { PRODUCT_NAMES } from '../use-bridge-data';

/** Props of {@link ConnectionDialog}. */
export interface ConnectionDialogProps {
  readonly provider: ProviderInfo;
  readonly products: readonly string[];
  /** The connection to edit; absent to add one. */
  readonly connection?: Connection;
  /** Credentials that pass in the demo world, offered as a button there. */
  readonly demoCredentials?: Readonly<Record<string, string>> | undefined;
  readonly onClose: () => void;
  readonly onSaved: (connection: Connection) => void | Promise<void>;
}

/** Reads a field's typed value: numbers and switches as the provider's schema wants them. */
function fieldValue(field: CredentialField, text: string): unknown {
  if (field.type === 'number') return Number(text);
  if (field.type === 'boolean') return text === 'true';
  return text;
}

/**
 * Add connection / Edit connection: the product (one per connection), the provider's credential
 * fields drawn from its description, and Test & save connection. A failed test shows its reason
 * and saves nothing; editing re-tests before anything changes.
 */
export function ConnectionDialog({
  provider,
  products,
  connection,
  demoCredentials,
  onClose,
  onSaved,
}: ConnectionDialogProps) {
  const editing = connection !== undefined;
  const [label, setLabel] = useState(connection?.label ?? '');
  const [product, setProduct] = useState(connection?.product ?? products[0] ?? 'resolve');
  const [values, setValues] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    setBusy(true);
    try {
      const credentials = Object.fromEntries(
        provider.fields
          .filter((field) => (values[field.name] ?? '') !== '')
          .map((field) => [field.name, fieldValue(field, values[field.name] ?? '')]),
      );
      const answer = editing
        ? await api<SaveAnswer>('PATCH', `/connections/${connection.id}`, {
            ...(label.trim() ? { label: label.trim() } : {}),
            ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
          })
        : await api<SaveAnswer>('POST', '/connections', {
            providerId: provider.id,
            product,
            credentials,
            ...(label.trim() ? { label: label.trim() } : {}),
          });
      await onSaved(answer.connection);
    } catch (error) {
      const failed = testFailureOf(error);
      setFailure(
        failed ? `The connection test failed, nothing was saved. ${failed.message}` : errorText(error),
      );
    } finally {
      setBusy(false);
    }
  };

  const inputProps = (field: CredentialField) => ({
    name: field.name,
    autocomplete: 'off',
    required: field.required && !editing,
    ...(field.maxLength ? { maxLength: field.maxLength } : {}),
    value: values[field.name] ?? '',
    onInput: (event: { currentTarget: HTMLInputElement }) =>
      setValues({ ...values, [field.name]: event.currentTarget.value }),
  });

  return (
    <Dialog title={editing ? 'Edit connection' : 'Add connection'} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <p>{provider.displayName}</p>
        <label>
          Label
          <input
            name="label"
            value={label}
            placeholder={provider.displayName}
            onInput={(event) => setLabel(event.currentTarget.value)}
          />
        </label>
        <label>
          Product
          <select
            name="product"
            value={product}
            disabled={editing}
            onChange={(event) => setProduct(event.currentTarget.value)}
          >
            {products.map((id) => (
              <option key={id} value={id}>
                {PRODUCT_NAMES[id] ?? id}
              </option>
            ))}
          </select>
        </label>
        {editing && (
          <p class="hint">Leave a credential empty to keep it. Changed credentials are tested first.</p>
        )}
        {provider.fields.map((field) => (
          <div key={field.name} class="field">
            <label for={`credential-${field.name}`}>
              {field.label}
              {field.required && !editing ? ' (required)' : ''}
            </label>
            {field.secret ? (
              <input id={`credential-${field.name}`} type="password" {...inputProps(field)} />
            ) : (
              <input
                id={`credential-${field.name}`}
                type="text"
                inputMode={field.type === 'number' ? 'numeric' : 'text'}
                {...inputProps(field)}
              />
            )}
          </div>
        ))}
        {demoCredentials && (
          <button type="button" onClick={() => setValues({ ...demoCredentials })}>
            Fill in the demo credentials
          </button>
        )}
        {busy && <p role="status">Testing the connection…</p>}
        <ErrorMessage text={failure} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Test & save connection
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
