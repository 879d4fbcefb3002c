import { PsaBridgeError } from '@psa-bridge/core';
import pg from 'pg';
import { databaseError, RUN_MIGRATE } from './database-error.js';
import { MIGRATIONS_TABLE, SCHEMA_VERSION } from './migrations.js';

/** Where the database is: a connection string (psa-bridge makes and ends a pool) or the app's pool. */
export type DatabaseOptions =
  | {
      /** Like `postgres://user:password@host:5432/db`. Never printed. */
      readonly connectionString: string;
      /** Most connections of the pool psa-bridge makes. @default 10 */
      readonly maxConnections?: number;
    }
  | {
      /** The app's own pool; psa-bridge never ends it. */
      readonly pool: pg.Pool;
    };

/** A pool, and whether psa-bridge made it (and so ends it). */
export interface Database {
  /** Runs one statement with parameters, turning failures into typed errors naming `doing`. */
  query<Row extends pg.QueryResultRow>(
    doing: string,
    sql: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
  /** Runs one statement that writes, and resolves how many rows it changed. */
  changed(doing: string, sql: string, values?: unknown[]): Promise<number>;
  /** The pool. */
  readonly pool: pg.Pool;
  /** Ends the pool when psa-bridge made it. */
  close(): Promise<void>;
}

/** Opens {@link DatabaseOptions}; rejects options that name neither a connection string nor a pool. */
export function openDatabase(options: DatabaseOptions, where: string): Database {
  const given = options as Partial<{
    connectionString: unknown;
    pool: unknown;
    maxConnections: unknown;
  }> | null;
  let pool: pg.Pool;
  let owned = false;
  if (given && given.pool instanceof pg.Pool) pool = given.pool;
  else if (given && typeof given.connectionString === 'string' && given.connectionString.trim() !== '') {
    const max = given.maxConnections ?? 10;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        `${where}: maxConnections must be a whole number from 1 to 1000`,
        {
          details: { field: 'maxConnections' },
        },
      );
    }
    pool = new pg.Pool({ connectionString: given.connectionString, max });
    // An idle client that loses its connection must not crash the app; the next query reports it.
    pool.on('error', () => {});
    owned = true;
  } else {
    throw new PsaBridgeError(
      'CONFIGURATION',
      `${where}: needs { connectionString } or { pool } (a pg.Pool from node-postgres)`,
    );
  }
  return {
    pool,
    async query(doing, sql, values) {
      try {
        return await pool.query(sql, values);
      } catch (error) {
        throw databaseError(error, doing);
      }
    },
    async changed(doing, sql, values) {
      try {
        return (await pool.query(sql, values)).rowCount ?? 0;
      } catch (error) {
        throw databaseError(error, doing);
      }
    },
    close: async () => {
      if (owned) await pool.end();
    },
  };
}

/**
 * Checks once that the schema is this package's version, so that a missing or old schema fails
 * with an error naming `migrate()` instead of a confusing one later. A failed check is tried again
 * on the next call.
 */
export function schemaCheck(database: Database): () => Promise<void> {
  let checked: Promise<void> | undefined;
  const check = async (): Promise<void> => {
    let version: number;
    try {
      const result = await database.pool.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`,
      );
      version = result.rows[0]?.version ?? 0;
    } catch (error) {
      throw databaseError(error, 'Reading the psa-bridge schema version');
    }
    if (version < SCHEMA_VERSION) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        `The psa-bridge schema is at version ${version}, this package needs ${SCHEMA_VERSION}: ${RUN_MIGRATE}`,
      );
    }
    if (version > SCHEMA_VERSION) {
      throw new PsaBridgeError(
        'CONFIGURATION',
        `The psa-bridge schema is at version ${version}, newer than this package knows (${SCHEMA_VERSION}): upgrade @psa-bridge/postgres`,
      );
    }
  };
  return () => {
    checked ??= check().catch((error: unknown) => {
      checked = undefined;
      throw error;
    });
    return checked;
  };
}
