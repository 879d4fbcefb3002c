import { createMemoryStores, type Stores } from '@psa-bridge/core';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { CliError } from '../cli-error.js';

/** Stores the CLI opened, and how to let go of them. */
export interface OpenedStores {
  /** The stores. */
  readonly stores: Stores;
  /** `memory`, `file` or `postgres`. */
  readonly kind: 'memory' | 'file' | 'postgres';
  /** Closes a database pool. */
  close(): Promise<void>;
}

/**
 * Opens the store `--store` names: `memory` (nothing kept after the command), a PostgreSQL URL
 * (`postgres://…`, migrated first; `--tenant` picks the tenant), or a folder of JSON files. The
 * file and PostgreSQL stores seal credentials with `PSA_BRIDGE_KEY`.
 */
export async function openStores(
  where: string,
  env: Readonly<Record<string, string | undefined>>,
  tenant: string,
): Promise<OpenedStores> {
  if (where === 'memory') return { stores: createMemoryStores(), kind: 'memory', close: async () => {} };
  const secretKey = env.PSA_BRIDGE_KEY?.trim();
  if (!secretKey) {
    throw new CliError(
      'CONFIGURATION',
      'Set PSA_BRIDGE_KEY (32 bytes, base64: openssl rand -base64 32) to seal credentials in the store; use the same key every time',
    );
  }
  if (/^postgres(ql)?:\/\//.test(where)) {
    const { createPostgresStores, migrate } = await import('@psa-bridge/postgres');
    await migrate({ connectionString: where });
    const stores = createPostgresStores({ connectionString: where, tenant, secretKey });
    return { stores, kind: 'postgres', close: () => stores.close() };
  }
  return {
    stores: createJsonFileStores({ directory: where, secretKey }),
    kind: 'file',
    close: async () => {},
  };
}
