import type { GotoClient } from '@psa-bridge/core';
import { PsaBridgeError, Secret, type Stores } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import { CliError } from '../cli-error.js';
import type { GotoSetup } from './open-vendors.js';

/**
 * The GoTo client. With a store that keeps GoTo tokens, the refresh token from the environment
 * seeds it the first time (or after a lost consent) and the store keeps every token GoTo hands
 * out afterwards, rotations included. With the memory store, `warn` says when GoTo rotated the
 * refresh token, because the one in the environment may then stop working.
 */
export async function openGoto(
  setup: GotoSetup,
  stores: Stores,
  persistent: boolean,
  warn: (message: string) => void,
): Promise<GotoClient> {
  const auth = setup.auth;
  if (auth.state !== 'set') {
    throw new CliError('CONFIGURATION', `GoTo needs ${auth.missing.join(', ')} (see psa-bridge --help)`);
  }
  const hosts = {
    ...(setup.apiBaseUrl ? { apiBaseUrl: setup.apiBaseUrl } : {}),
    ...(setup.authBaseUrl ? { authBaseUrl: setup.authBaseUrl } : {}),
  };
  const tokens = stores.gotoTokens;
  if (persistent && tokens) {
    const stored = await tokens.get();
    if (!stored || stored.needsConsent) {
      const written = await tokens.compareAndSet(stored?.generation ?? 0, {
        refreshToken: new Secret(auth.refreshToken),
      });
      if (!written) throw new PsaBridgeError('CONFLICT', 'Another process is writing GoTo tokens; try again');
    }
    return goto({ auth: { tokens, clientId: auth.clientId, clientSecret: auth.clientSecret }, ...hosts });
  }
  return goto({
    auth: {
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      refreshToken: auth.refreshToken,
      onTokens: (handedOut) => {
        if (handedOut.refreshToken && handedOut.refreshToken !== auth.refreshToken) {
          warn(
            'GoTo handed out a new refresh token; GOTO_REFRESH_TOKEN may stop working. Use --store (a folder or PostgreSQL) so the CLI keeps GoTo tokens.',
          );
        }
      },
    },
    ...hosts,
  });
}
