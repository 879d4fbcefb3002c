/**
 * GoTo adapter for psa-bridge: a `GotoClient` over the GoTo Admin API with OAuth 2 (refresh
 * before expiry and after a 401, single-flight), lossless keys, 10 requests per second, and
 * creates that happen once. Its simulator is `@psa-bridge/goto/fake`.
 *
 * @example
 * ```ts
 * import { goto } from '@psa-bridge/goto';
 * const client = goto({ auth: { clientId, clientSecret, refreshToken } });
 * for (const account of await client.listAccounts()) console.log(account.key, account.name);
 * ```
 *
 * @module
 */
export {
  type CompleteGotoConsentOptions,
  completeGotoConsent,
  disconnectGoto,
  type ExchangeGotoCodeOptions,
  exchangeGotoCode,
  type GotoAuthorizationUrlOptions,
  type GotoConsentRequest,
  type GotoConsentResult,
  gotoAuthorizationUrl,
  type StartGotoConsentOptions,
  startGotoConsent,
} from './auth/consent.js';
export type { StoredGotoAuth } from './auth/stored-token-manager.js';
export { GOTO_AUTH_BASE_URL, type GotoTokens } from './auth/token-endpoint.js';
export type { GotoAuth } from './auth/token-manager.js';
export { GOTO_EMAIL_LIMIT, GOTO_NAME_LIMIT } from './create-users.js';
export { GOTO_API_BASE_URL, type GotoOptions, goto } from './goto.js';
