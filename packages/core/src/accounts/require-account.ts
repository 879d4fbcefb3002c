import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';

/**
 * The GoTo account with `accountKey`, or `NOT_FOUND` naming it: a mapping or an end user for an
 * account the admin cannot manage would be an orphan, and GoTo would only answer with a 403.
 */
export async function requireAccount(
  goto: GotoClient,
  accountKey: string,
  options: CallOptions = {},
): Promise<GotoAccount> {
  const account = (await goto.listAccounts(options)).find((candidate) => candidate.key === accountKey);
  if (!account) {
    throw new PsaBridgeError(
      'NOT_FOUND',
      `No GoTo account with key "${accountKey}" that this admin manages`,
      {
        details: { field: 'accountKey', accountKey },
      },
    );
  }
  return account;
}
