import type { Mapping } from '@psa-bridge/core';
import { checkPageRequest, type MappingStore } from '@psa-bridge/core/adapter';
import type { Database } from './database.js';

interface MappingRow {
  readonly connection_id: string;
  readonly account_key: string;
  readonly company_id: string;
  readonly company_name: string;
  readonly source: Mapping['source'];
  readonly mapped_at: string;
}

const COLUMNS = 'connection_id, account_key, company_id, company_name, source, mapped_at';

const fromRow = (row: MappingRow): Mapping => ({
  connectionId: row.connection_id,
  accountKey: row.account_key,
  companyId: row.company_id,
  companyName: row.company_name,
  source: row.source,
  mappedAt: row.mapped_at,
});

/** Mappings of one tenant; pages are ordered by account key, byte by byte (SPEC M3, S1). */
export function createPostgresMappingStore(
  database: Database,
  tenant: string,
  ready: () => Promise<void>,
): MappingStore {
  return {
    async get(connectionId, accountKey) {
      await ready();
      const result = await database.query<MappingRow>(
        'Reading a mapping',
        `SELECT ${COLUMNS} FROM psa_bridge_mappings WHERE tenant = $1 AND connection_id = $2 AND account_key = $3`,
        [tenant, connectionId, accountKey],
      );
      const row = result.rows[0];
      return row ? fromRow(row) : null;
    },
    async list(connectionId) {
      await ready();
      const result = await database.query<MappingRow>(
        'Listing mappings',
        `SELECT ${COLUMNS} FROM psa_bridge_mappings WHERE tenant = $1 AND connection_id = $2 ORDER BY account_key`,
        [tenant, connectionId],
      );
      return result.rows.map(fromRow);
    },
    async listPage(connectionId, page) {
      checkPageRequest(page);
      await ready();
      // One row more than asked says whether there is a next page.
      const result = await database.query<MappingRow>(
        'Listing a page of mappings',
        `SELECT ${COLUMNS} FROM psa_bridge_mappings
         WHERE tenant = $1 AND connection_id = $2 AND ($3::text IS NULL OR account_key > $3)
         ORDER BY account_key LIMIT $4`,
        [tenant, connectionId, page.after ?? null, page.limit + 1],
      );
      const rows = result.rows.slice(0, page.limit);
      const last = rows[rows.length - 1];
      return {
        items: rows.map(fromRow),
        ...(result.rows.length > page.limit && last ? { next: last.account_key } : {}),
      };
    },
    async put(mapping) {
      await ready();
      await database.query(
        'Saving a mapping',
        `INSERT INTO psa_bridge_mappings (tenant, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant, connection_id, account_key) DO UPDATE SET company_id = excluded.company_id,
           company_name = excluded.company_name, source = excluded.source, mapped_at = excluded.mapped_at`,
        [
          tenant,
          mapping.connectionId,
          mapping.accountKey,
          mapping.companyId,
          mapping.companyName,
          mapping.source,
          mapping.mappedAt,
        ],
      );
    },
    async delete(connectionId, accountKey) {
      await ready();
      return (
        (await database.changed(
          'Deleting a mapping',
          'DELETE FROM psa_bridge_mappings WHERE tenant = $1 AND connection_id = $2 AND account_key = $3',
          [tenant, connectionId, accountKey],
        )) > 0
      );
    },
    async deleteByConnection(connectionId) {
      await ready();
      return database.changed(
        'Deleting the mappings of a connection',
        'DELETE FROM psa_bridge_mappings WHERE tenant = $1 AND connection_id = $2',
        [tenant, connectionId],
      );
    },
  };
}
