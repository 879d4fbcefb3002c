import type { WeakEndUser } from '@psa-bridge/core';
import { checkPageRequest, type WeakEndUserStore, weakEndUserKey } from '@psa-bridge/core/adapter';
import type { Database } from './database.js';

interface EndUserRow {
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly display_name: string;
  readonly channel: WeakEndUser['channel'];
  readonly name_source: WeakEndUser['nameSource'];
  readonly created_at: string;
}

const COLUMNS = 'email, first_name, last_name, display_name, channel, name_source, created_at';

/** The key of a weak end user: the one every store uses. */
const keyOf = weakEndUserKey;

const fromRow = (row: EndUserRow): WeakEndUser => ({
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  displayName: row.display_name,
  channel: row.channel,
  nameSource: row.name_source,
  createdAt: row.created_at,
});

/** Weak end users of one tenant (SPEC E5, E6, S1). */
export function createPostgresWeakEndUserStore(
  database: Database,
  tenant: string,
  ready: () => Promise<void>,
): WeakEndUserStore {
  return {
    async get(email) {
      await ready();
      const result = await database.query<EndUserRow>(
        'Reading a weak end user',
        `SELECT ${COLUMNS} FROM psa_bridge_weak_end_users WHERE tenant = $1 AND email = $2`,
        [tenant, keyOf(email)],
      );
      const row = result.rows[0];
      return row ? fromRow(row) : null;
    },
    async put(endUser) {
      await ready();
      await database.query(
        'Saving a weak end user',
        `INSERT INTO psa_bridge_weak_end_users (tenant, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant, email) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
           display_name = excluded.display_name, channel = excluded.channel, name_source = excluded.name_source,
           created_at = excluded.created_at`,
        [
          tenant,
          keyOf(endUser.email),
          endUser.firstName,
          endUser.lastName,
          endUser.displayName,
          endUser.channel,
          endUser.nameSource,
          endUser.createdAt,
        ],
      );
    },
    async delete(email) {
      await ready();
      return (
        (await database.changed(
          'Deleting a weak end user',
          'DELETE FROM psa_bridge_weak_end_users WHERE tenant = $1 AND email = $2',
          [tenant, keyOf(email)],
        )) > 0
      );
    },
    async list() {
      await ready();
      const result = await database.query<EndUserRow>(
        'Listing weak end users',
        `SELECT ${COLUMNS} FROM psa_bridge_weak_end_users WHERE tenant = $1 ORDER BY email`,
        [tenant],
      );
      return result.rows.map(fromRow);
    },
    async listPage(page) {
      checkPageRequest(page);
      await ready();
      const result = await database.query<EndUserRow>(
        'Listing a page of weak end users',
        `SELECT ${COLUMNS} FROM psa_bridge_weak_end_users
         WHERE tenant = $1 AND ($2::text IS NULL OR email > $2) ORDER BY email LIMIT $3`,
        [tenant, page.after ?? null, page.limit + 1],
      );
      const rows = result.rows.slice(0, page.limit);
      const last = rows[rows.length - 1];
      return {
        items: rows.map(fromRow),
        ...(result.rows.length > page.limit && last ? { next: last.email } : {}),
      };
    },
  };
}
