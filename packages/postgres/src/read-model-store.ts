import {
  PsaBridgeError,
  type ReadModelRow,
  type ReadModelState,
  type ReadModelStore,
} from '@psa-bridge/core';
import { checkPageRequest } from '@psa-bridge/core/adapter';
import type { Database } from './database.js';

interface RowRow {
  readonly id: string;
  /** The position as text (a bigint), named apart so `ORDER BY position` sorts the number. */
  readonly place: string;
  readonly modified_at: string | null;
  readonly record: string;
}

/** A page cursor: the last row's position and id (ids may hold any character but NUL). */
const cursorOf = (row: RowRow): string => `${row.place}:${row.id}`;

function parseCursor(after: string): { position: string; id: string } {
  const match = /^(\d{1,18}):([\s\S]*)$/.exec(after);
  if (!match) {
    throw new PsaBridgeError('VALIDATION', 'page.after is not a cursor of this read-model listing', {
      details: { field: 'after' },
    });
  }
  return { position: match[1] as string, id: match[2] as string };
}

const fromRow = (row: RowRow): ReadModelRow => ({
  id: row.id,
  position: Number(row.place),
  ...(row.modified_at === null ? {} : { modifiedAt: row.modified_at }),
  record: JSON.parse(row.record) as unknown,
});

/** The last row of each id wins, as in the other stores (one statement may not touch a row twice). */
const lastById = (rows: readonly ReadModelRow[]): ReadModelRow[] => [
  ...new Map(rows.map((row) => [row.id, row])).values(),
];

/** `LIKE` pattern of a prefix: its wildcards taken literally. */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The read model of one tenant (SPEC R1) on PostgreSQL: a state row per list (written by
 * compare-and-set on `version`) and its rows by generation. Records are kept as JSON text, so
 * any text a vendor sends (NUL escapes, lone surrogates) round-trips exactly.
 */
export function createPostgresReadModelStore(
  database: Database,
  tenant: string,
  ready: () => Promise<void>,
): ReadModelStore {
  return {
    async getState(scope) {
      await ready();
      const result = await database.query<{ version: number; state: string }>(
        'Reading a read-model state',
        'SELECT version, state FROM psa_bridge_read_model_state WHERE tenant_id = $1 AND scope = $2',
        [tenant, scope],
      );
      const row = result.rows[0];
      return row ? { ...(JSON.parse(row.state) as ReadModelState), version: row.version } : null;
    },
    async setState(scope, expected, next) {
      await ready();
      const state = JSON.stringify({ ...next, version: undefined });
      const result =
        expected === 0
          ? await database.query<{ version: number }>(
              'Writing a read-model state',
              `INSERT INTO psa_bridge_read_model_state (tenant_id, scope, version, state) VALUES ($1, $2, 1, $3)
               ON CONFLICT (tenant_id, scope) DO NOTHING RETURNING version`,
              [tenant, scope, state],
            )
          : await database.query<{ version: number }>(
              'Writing a read-model state',
              `UPDATE psa_bridge_read_model_state SET version = version + 1, state = $3
               WHERE tenant_id = $1 AND scope = $2 AND version = $4 RETURNING version`,
              [tenant, scope, state, expected],
            );
      const written = result.rows[0];
      return written ? { ...(JSON.parse(state) as ReadModelState), version: written.version } : null;
    },
    async putRows(scope, generation, rows) {
      if (rows.length === 0) return;
      await ready();
      const unique = lastById(rows);
      await database.query(
        'Writing read-model rows',
        `INSERT INTO psa_bridge_read_model_rows (tenant_id, scope, generation, id, position, modified_at, record)
         SELECT $1, $2, $3, r.id, r.position, r.modified_at, r.record
         FROM unnest($4::text[], $5::bigint[], $6::text[], $7::text[]) AS r(id, position, modified_at, record)
         ON CONFLICT (tenant_id, scope, generation, id) DO UPDATE SET position = excluded.position,
           modified_at = excluded.modified_at, record = excluded.record`,
        [
          tenant,
          scope,
          generation,
          unique.map((row) => row.id),
          unique.map((row) => row.position),
          unique.map((row) => row.modifiedAt ?? null),
          unique.map((row) => JSON.stringify(row.record)),
        ],
      );
    },
    async deleteRows(scope, generation, ids) {
      if (ids.length === 0) return;
      await ready();
      await database.query(
        'Deleting read-model rows',
        `DELETE FROM psa_bridge_read_model_rows
         WHERE tenant_id = $1 AND scope = $2 AND generation = $3 AND id = ANY($4::text[])`,
        [tenant, scope, generation, [...ids]],
      );
    },
    async listRows(scope, generation, page) {
      checkPageRequest(page);
      const after = page.after === undefined ? null : parseCursor(page.after);
      await ready();
      // One row more than asked says whether there is a next page.
      const result = await database.query<RowRow>(
        'Listing read-model rows',
        `SELECT id, position::text AS place, modified_at, record FROM psa_bridge_read_model_rows
         WHERE tenant_id = $1 AND scope = $2 AND generation = $3
           AND ($4::bigint IS NULL OR (position, id) > ($4::bigint, $5::text))
         ORDER BY position, id LIMIT $6`,
        [tenant, scope, generation, after?.position ?? null, after?.id ?? null, page.limit + 1],
      );
      const rows = result.rows.slice(0, page.limit);
      const last = rows[rows.length - 1];
      return {
        items: rows.map(fromRow),
        ...(result.rows.length > page.limit && last ? { next: cursorOf(last) } : {}),
      };
    },
    async dropGenerations(scope, keep) {
      await ready();
      await database.query(
        'Dropping read-model generations',
        `DELETE FROM psa_bridge_read_model_rows
         WHERE tenant_id = $1 AND scope = $2 AND NOT (generation = ANY($3::integer[]))`,
        [tenant, scope, [...keep]],
      );
    },
    async deleteScopes(prefix) {
      await ready();
      const pattern = likePrefix(prefix);
      await database.query(
        'Deleting read-model rows',
        `DELETE FROM psa_bridge_read_model_rows WHERE tenant_id = $1 AND scope LIKE $2`,
        [tenant, pattern],
      );
      return database.changed(
        'Deleting read-model lists',
        `DELETE FROM psa_bridge_read_model_state WHERE tenant_id = $1 AND scope LIKE $2`,
        [tenant, pattern],
      );
    },
  };
}
