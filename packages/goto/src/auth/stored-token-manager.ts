import { isPsaBridgeError, PsaBridgeError, Secret } from '@psa-bridge/core';
import {
  abortedError,
  type Clock,
  type GotoTokenStore,
  type StoredGotoTokens,
  throwIfAborted,
} from '@psa-bridge/core/adapter';
import { renewalMarginMs } from './renewal-margin.js';
import { type GotoTokens, requestTokens, type TokenRequestContext } from './token-endpoint.js';
import type { TokenManager } from './token-manager.js';

/** GoTo authorization kept in the app's stores, per tenant, shared by every process (SPEC S4). */
export interface StoredGotoAuth {
  /** The tenant's token store: `stores.gotoTokens` of `createPostgresStores({ tenant })`. */
  readonly tokens: GotoTokenStore;
  /** OAuth client id. */
  readonly clientId: string;
  /** OAuth client secret. */
  readonly clientSecret: string;
  /**
   * How long one process may hold the tenant's refresh before another takes over (a process that
   * died mid-refresh). Longer than a token request can take, and well under the authorization
   * server's reuse interval of a rotated refresh token, if it has one. @default 10000
   */
  readonly refreshLeaseMs?: number;
  /** Told when GoTo handed out new tokens (after they were stored). */
  readonly onTokens?: (tokens: GotoTokens) => void | Promise<void>;
}

/** How long a refresh lease lasts unless `refreshLeaseMs` says otherwise. */
export const DEFAULT_REFRESH_LEASE_MS = 10_000;
/** Re-read this often while another process refreshes. */
const WAIT_STEP_MS = 100;

/** The typed error of a tenant whose consent is missing or no longer works. */
export function consentNeeded(reason: 'not-connected' | 'needs-consent'): PsaBridgeError {
  return new PsaBridgeError(
    'AUTHENTICATION',
    reason === 'not-connected'
      ? 'GoTo is not connected for this partner: the partner must connect its GoTo account (consent) first'
      : 'GoTo no longer accepts this partner’s authorization (revoked or expired): the partner must connect its GoTo account again',
    { details: { reason } },
  );
}

/**
 * A token manager over the tenant's {@link GotoTokenStore}: every process reads the same tokens;
 * when the access token is due, exactly one process refreshes. It takes the tenant's refresh lease
 * with a compare-and-set on the generation (losers re-read and wait), asks GoTo, and stores the
 * answer (a rotated refresh token included) **before** the new access token is used. A refused
 * refresh (`invalid_grant`: consent revoked, or a refresh token lost) marks the tenant
 * `needsConsent`: from then on no request goes to GoTo for it, each call fails at once with
 * `AUTHENTICATION`, until the partner connects again.
 */
export function createStoredTokenManager(
  auth: StoredGotoAuth,
  context: TokenRequestContext & { readonly clock: Clock; readonly owner: string },
): TokenManager {
  const leaseMs = auth.refreshLeaseMs ?? DEFAULT_REFRESH_LEASE_MS;
  const seen = new Set<string>([auth.clientSecret]);
  let cached: StoredGotoTokens | undefined;
  const remember = (stored: StoredGotoTokens): void => {
    cached = stored;
    seen.add(stored.refreshToken.reveal());
    if (stored.accessToken) seen.add(stored.accessToken.reveal());
  };
  /** Lifetimes of the access tokens this process was handed, by token: the best measure of one. */
  const lifetimes = new Map<string, number>();
  const usable = (stored: StoredGotoTokens | undefined, rejected?: string): string | undefined => {
    const access = stored?.accessToken?.reveal();
    if (!stored || !access || access === rejected || stored.needsConsent) return undefined;
    const expiresAt = stored.expiresAt ?? 0;
    // A token another process fetched: its lifetime is measured from when it was written.
    const lifetime = lifetimes.get(access) ?? expiresAt - Date.parse(stored.updatedAt);
    return expiresAt - renewalMarginMs(lifetime) > context.now() ? access : undefined;
  };
  const withoutLease = (stored: StoredGotoTokens) => {
    const { generation, updatedAt, refreshingUntil, refreshingBy, ...rest } = stored;
    return rest;
  };

  /** Refreshes holding the lease of `claimed`; resolves the access token once it is stored. */
  const refreshHolding = async (
    claimed: StoredGotoTokens,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> => {
    let answer: GotoTokens;
    try {
      answer = await requestTokens(
        context,
        { grant_type: 'refresh_token', refresh_token: claimed.refreshToken.reveal() },
        signal,
      );
    } catch (error) {
      if (isPsaBridgeError(error, 'AUTHENTICATION')) {
        // invalid_grant: this refresh token will never work again. Never retried, by anyone.
        await auth.tokens.compareAndSet(claimed.generation, { ...withoutLease(claimed), needsConsent: true });
        throw consentNeeded('needs-consent');
      }
      // Nothing changed at GoTo that we know of: give the lease back for the next try.
      await auth.tokens.compareAndSet(claimed.generation, withoutLease(claimed)).catch(() => undefined);
      throw error;
    }
    seen.add(answer.accessToken);
    if (answer.refreshToken) seen.add(answer.refreshToken);
    if (lifetimes.size > 16) lifetimes.clear();
    lifetimes.set(answer.accessToken, answer.expiresAt - context.now());
    // Stored before it is used: a rotated refresh token is never only in this process's memory.
    const stored = await auth.tokens.compareAndSet(claimed.generation, {
      ...withoutLease(claimed),
      refreshToken: answer.refreshToken ? new Secret(answer.refreshToken) : claimed.refreshToken,
      accessToken: new Secret(answer.accessToken),
      expiresAt: answer.expiresAt,
      ...(answer.scope ? { scope: answer.scope } : {}),
      ...(answer.principal ? { principal: answer.principal } : {}),
    });
    if (!stored) return undefined; // the lease ran out and another process took over: re-read
    remember(stored);
    await auth.onTokens?.(answer);
    return answer.accessToken;
  };

  const token = async (signal: AbortSignal | undefined, rejected?: string): Promise<string> => {
    const fresh = usable(cached, rejected);
    if (fresh) return fresh;
    const deadline = context.now() + leaseMs * 2 + 5_000;
    while (context.now() <= deadline) {
      const stored = await auth.tokens.get({ signal });
      if (!stored) throw consentNeeded('not-connected');
      remember(stored);
      if (stored.needsConsent) throw consentNeeded('needs-consent');
      const current = usable(stored, rejected);
      if (current) return current;
      if (stored.accessToken?.reveal() !== rejected) rejected = undefined; // someone already replaced it
      // A lease of this very process is busy too: its refresh runs in another call, which this
      // one joins (see `flight`); two refreshes with one refresh token never leave one process.
      const busy = stored.refreshingUntil !== undefined && stored.refreshingUntil > context.now();
      if (busy) {
        await context.clock.sleep(WAIT_STEP_MS, signal);
        continue;
      }
      const claimed = await auth.tokens.compareAndSet(stored.generation, {
        ...withoutLease(stored),
        refreshingUntil: context.now() + leaseMs,
        refreshingBy: context.owner,
      });
      if (!claimed) continue; // another process wrote first: read what it wrote
      const access = await refreshHolding(claimed, signal);
      if (access) return access;
    }
    throw new PsaBridgeError(
      'TIMEOUT',
      'GoTo tokens: another process held the refresh of this partner for too long; try again',
    );
  };

  /**
   * One token fetch at a time in this process: concurrent callers (several jobs of one partner,
   * parallel requests) share it, so this process never refreshes twice with one refresh token.
   * A caller's abort ends its own wait only, not the shared fetch.
   */
  let flight: { promise: Promise<string>; rejected: string | undefined } | undefined;
  const shared = async (signal: AbortSignal | undefined, rejected?: string): Promise<string> => {
    const fresh = usable(cached, rejected);
    if (fresh) return fresh;
    if (!flight || flight.rejected !== rejected) {
      const current = { promise: token(undefined, rejected), rejected };
      flight = current;
      const land = (): void => {
        if (flight === current) flight = undefined;
      };
      void current.promise.then(land, land);
    }
    const { promise } = flight;
    if (!signal) return promise;
    throwIfAborted(signal);
    return Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(abortedError(signal)), { once: true }),
      ),
    ]);
  };

  return {
    token: (signal) => shared(signal),
    async renew(signal, usedToken) {
      // A 401 for the token we sent: it is no good, whatever its expiry says. Another process
      // may already have replaced it; `token` re-reads and refreshes only when it has not.
      await shared(signal, usedToken);
      return true;
    },
    secrets: () => [...seen],
  };
}
