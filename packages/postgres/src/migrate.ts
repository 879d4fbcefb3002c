import type pg from 'pg';
import { type Database, type DatabaseOptions, openDatabase } from './database.js';
import { databaseError } from './database-error.js';
import { MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION } from './migrations.js';

/** Key of the advisory lock that lets one process migrate at a time ("psabridg" in ASCII, cut to 31 bits). */
const MIGRATION_LOCK = 0x70736162;

/** What {@link migrate} did. */
export interface MigrationResult {
  /** The schema version before. */
  readonly from: number;
  /** The schema version after: this package's. */
  readonly to: number;
  /** The versions applied now; empty when the schema was already current. */
  readonly applied: readonly number[];
}

/**
 * Creates or upgrades the psa-bridge tables to this package's schema. Idempotent and safe when
 * several processes run it at once: they take turns on a PostgreSQL advisory lock, and each
 * migration runs in its own transaction, recorded in `psa_bridge_schema_migrations`. Run it on
 * every start, or once per deploy.
 *
 * @example
 * ```ts
 * import { migrate } from '@psa-bridge/postgres';
 * await migrate({ connectionString: process.env.DATABASE_URL! });
 * ```
 */
export async function migrate(options: DatabaseOptions): Promise<MigrationResult> {
  const database = openDatabase(options, 'migrate()');
  try {
    return await migrateOn(database);
  } finally {
    await database.close();
  }
}

async function migrateOn(database: Database): Promise<MigrationResult> {
  let client: pg.PoolClient;
  try {
    client = await database.pool.connect();
  } catch (error) {
    throw databaseError(error, 'migrate(): connecting');
  }
  let step = 'taking the migration lock';
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    step = 'creating the migrations table';
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    step = 'reading the schema version';
    const result = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`,
    );
    const from = result.rows[0]?.version ?? 0;
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      step = `applying migration ${migration.version}`;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      applied.push(migration.version);
    }
    return { from, to: Math.max(from, SCHEMA_VERSION), applied };
  } catch (error) {
    throw databaseError(error, `migrate(): ${step}`);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
