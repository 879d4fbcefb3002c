import { PsaBridgeError, Secret } from '@psa-bridge/core';
import type { ConnectionRecord, ConnectionStore } from '@psa-bridge/core/adapter';
import type { Database } from './database.js';
import type { KeyRing, SealedCredentials } from './key-ring.js';

interface ConnectionRow {
  readonly id: string;
  readonly provider_id: string;
  readonly product: string;
  readonly label: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly credentials: SealedCredentials;
}

const COLUMNS = 'id, provider_id, product, label, created_at, updated_at, credentials';

/** A stored row that could not be read (damaged, or sealed with a key not in the ring). */
export interface UnreadableRowEvent {
  /** Which store: `connections`. */
  readonly store: 'connections';
  /** The row's id, so an operator can repair or delete it. Never its values. */
  readonly id: string;
  /** Why, in words without values. */
  readonly reason: string;
}

/**
 * Connections of one tenant, with credentials sealed by the key ring (SPEC C6, C7). A row whose
 * credentials cannot be opened fails `get` of that id (`STORAGE`), and is left out of `list` and
 * reported to `onUnreadableRow`: one damaged row never hides a tenant's other connections.
 */
export function createPostgresConnectionStore(
  database: Database,
  tenant: string,
  keys: KeyRing,
  ready: () => Promise<void>,
  onUnreadableRow?: (event: UnreadableRowEvent) => void,
): ConnectionStore {
  const fromRow = (row: ConnectionRow): ConnectionRecord => {
    let credentials: Readonly<Record<string, unknown>>;
    try {
      credentials = JSON.parse(keys.open(row.credentials)) as Readonly<Record<string, unknown>>;
    } catch (error) {
      if (error instanceof PsaBridgeError) throw error;
      throw new PsaBridgeError('STORAGE', `The credentials of connection "${row.id}" are not readable`);
    }
    return {
      id: row.id,
      providerId: row.provider_id,
      product: row.product,
      label: row.label,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      credentials: new Secret(credentials),
    };
  };
  return {
    async get(id) {
      await ready();
      const result = await database.query<ConnectionRow>(
        'Reading a connection',
        `SELECT ${COLUMNS} FROM psa_bridge_connections WHERE tenant = $1 AND id = $2`,
        [tenant, id],
      );
      const row = result.rows[0];
      return row ? fromRow(row) : null;
    },
    async list() {
      await ready();
      const result = await database.query<ConnectionRow>(
        'Listing connections',
        `SELECT ${COLUMNS} FROM psa_bridge_connections WHERE tenant = $1 ORDER BY created_at, id`,
        [tenant],
      );
      const records: ConnectionRecord[] = [];
      for (const row of result.rows) {
        try {
          records.push(fromRow(row));
        } catch (error) {
          try {
            onUnreadableRow?.({
              store: 'connections',
              id: row.id,
              reason: error instanceof PsaBridgeError ? error.message : 'not readable',
            });
          } catch {
            // A reporting hook never breaks a listing.
          }
        }
      }
      return records;
    },
    async put(record) {
      await ready();
      const sealed = keys.seal(JSON.stringify(record.credentials.reveal()));
      await database.query(
        'Saving a connection',
        `INSERT INTO psa_bridge_connections (tenant, ${COLUMNS}, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant, id) DO UPDATE SET provider_id = excluded.provider_id, product = excluded.product,
           label = excluded.label, created_at = excluded.created_at, updated_at = excluded.updated_at,
           credentials = excluded.credentials, key_id = excluded.key_id`,
        [
          tenant,
          record.id,
          record.providerId,
          record.product,
          record.label,
          record.createdAt,
          record.updatedAt,
          sealed,
          sealed.kid,
        ],
      );
    },
    async delete(id) {
      await ready();
      return (
        (await database.changed(
          'Deleting a connection',
          'DELETE FROM psa_bridge_connections WHERE tenant = $1 AND id = $2',
          [tenant, id],
        )) > 0
      );
    },
  };
}
