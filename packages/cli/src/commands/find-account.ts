import type { AccountMapping } from '@psa-bridge/core';
import { CliError } from '../cli-error.js';
import type { Session } from '../session.js';

/**
 * The GoTo account a command argument names: its key, or its name compared without regard to
 * letter case. Two accounts with the same name are an error that lists their keys.
 */
export async function findAccount(session: Session, keyOrName: string): Promise<AccountMapping> {
  const rows = (await session.bridge.mappings.accounts(session.connection.id)).items;
  const byKey = rows.find((row) => row.account.key === keyOrName);
  if (byKey) return byKey;
  const wanted = keyOrName.trim().toLocaleLowerCase();
  const named = rows.filter((row) => row.account.name.trim().toLocaleLowerCase() === wanted);
  if (named.length === 1 && named[0]) return named[0];
  if (named.length > 1) {
    throw new CliError(
      'USAGE',
      `${named.length} GoTo accounts are named "${keyOrName}": give the key (${named.map((row) => row.account.key).join(', ')})`,
    );
  }
  throw new CliError(
    'NOT_FOUND',
    `No GoTo account with the key or name "${keyOrName}" (psa-bridge accounts lists them)`,
  );
}
