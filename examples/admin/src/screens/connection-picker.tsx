import type { Connection, ProviderInfo } from '../api';
import { connectionName } from '../use-bridge-data';

/** A labelled drop-down of the tenant's connections. */
export function ConnectionPicker({
  connections,
  providers,
  value,
  onChange,
}: {
  readonly connections: readonly Connection[];
  readonly providers: readonly ProviderInfo[];
  readonly value: string;
  readonly onChange: (connectionId: string) => void;
}) {
  return (
    <label>
      Connection
      <select value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {connections.map((connection) => (
          <option key={connection.id} value={connection.id}>
            {connectionName(connection, providers)}
          </option>
        ))}
      </select>
    </label>
  );
}
