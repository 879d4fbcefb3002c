import { PsaBridgeError } from '@psa-bridge/core';
import { type DatabaseOptions, openDatabase, schemaCheck } from './database.js';
import { databaseError } from './database-error.js';
import { createKeyRing, type KeyOption, type SealedCredentials } from './key-ring.js';
import { checkTenant } from './tenant.js';

/** Options of {@link resealCredentials}. */
export type ResealOptions = DatabaseOptions & {
  /** The new current key: every value is sealed with it afterwards. */
  readonly secretKey: KeyOption;
  /** The keys values may still be sealed with. */
  readonly previousKeys: readonly KeyOption[];
  /** Only this tenant's connections. @default every tenant */
  readonly tenant?: string;
};

/** Rows re-sealed per transaction. */
const BATCH = 200;

/**
 * Re-seals every connection's credentials with the current key (key rotation): rows sealed with an
 * older key are opened with `previousKeys` and sealed again, a batch per transaction, locked while
 * they change. Run it after deploying the new key as `secretKey` with the old one in
 * `previousKeys`; once it reports 0 left, the old key can be dropped.
 *
 * @returns how many connections were re-sealed.
 */
export async function resealCredentials(options: ResealOptions): Promise<{ readonly resealed: number }> {
  if (typeof options !== 'object' || options === null) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'resealCredentials(): needs { connectionString or pool, secretKey, previousKeys }',
    );
  }
  if (options.previousKeys !== undefined && !Array.isArray(options.previousKeys)) {
    throw new PsaBridgeError('CONFIGURATION', 'resealCredentials(): previousKeys must be a list of keys', {
      details: { field: 'previousKeys' },
    });
  }
  if (options.tenant !== undefined) checkTenant(options.tenant, 'resealCredentials()');
  const keys = createKeyRing(options.secretKey, options.previousKeys);
  const database = openDatabase(options, 'resealCredentials()');
  try {
    await schemaCheck(database)();
    let resealed = 0;
    for (;;) {
      const client = await database.pool.connect().catch((error: unknown) => {
        throw databaseError(error, 'resealCredentials(): connecting');
      });
      try {
        await client.query('BEGIN');
        const rows = await client.query<{ tenant: string; id: string; credentials: SealedCredentials }>(
          `SELECT tenant, id, credentials FROM psa_bridge_connections
           WHERE key_id <> $1 AND ($2::text IS NULL OR tenant = $2) LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [keys.currentId, options.tenant ?? null],
        );
        for (const row of rows.rows) {
          const sealed = keys.seal(keys.open(row.credentials));
          await client.query(
            'UPDATE psa_bridge_connections SET credentials = $3, key_id = $4 WHERE tenant = $1 AND id = $2',
            [row.tenant, row.id, sealed, sealed.kid],
          );
        }
        await client.query('COMMIT');
        resealed += rows.rows.length;
        if (rows.rows.length < BATCH) return { resealed };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error instanceof PsaBridgeError ? error : databaseError(error, 'resealCredentials()');
      } finally {
        client.release();
      }
    }
  } finally {
    await database.close();
  }
}
