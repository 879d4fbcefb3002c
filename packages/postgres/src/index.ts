/**
 * PostgreSQL stores for psa-bridge (SPEC S1): many partners (tenants) and many processes on one
 * database. `migrate()` creates and upgrades the tables; `createPostgresStores()` gives the core
 * store ports for one tenant, with credentials sealed (AES-256-GCM) under a named key that can be
 * rotated with `resealCredentials()`; the import journal and its run lease live in the database,
 * so two processes on two machines never import one contact twice.
 *
 * @module
 */

export type { UnreadableRowEvent } from './connection-store.js';
export {
  createPostgresStores,
  type PostgresStores,
  type PostgresStoresOptions,
} from './create-postgres-stores.js';
export type { DatabaseOptions } from './database.js';
export {
  createKeyRing,
  type KeyOption,
  type KeyRing,
  keyIdOf,
  type NamedKey,
  type SealedCredentials,
} from './key-ring.js';
export { type MigrationResult, migrate } from './migrate.js';
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.js';
export { createPostgresRateLimiter, type PostgresRateLimiter } from './rate-limiter.js';
export { type ResealOptions, resealCredentials } from './reseal-credentials.js';
export { checkTenant } from './tenant.js';
