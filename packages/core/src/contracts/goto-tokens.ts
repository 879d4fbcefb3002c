import type { Secret } from '../secrets/secret.js';
import type { CallOptions } from './call-options.js';

/**
 * A partner's GoTo authorization as the app keeps it (SPEC S4): the refresh token from its
 * consent, the current access token (shared by every process, so only one refreshes), and where
 * the consent stands. Tokens are `Secret`s: never in logs, errors or `JSON.stringify`.
 */
export interface GotoTokenRecord {
  /** The refresh token; GoTo may replace it on any refresh (rotation). */
  readonly refreshToken: Secret<string>;
  /** The current access token, when one was fetched. */
  readonly accessToken?: Secret<string> | undefined;
  /** When the access token expires (ms since the epoch). */
  readonly expiresAt?: number | undefined;
  /** Scopes granted at consent. */
  readonly scope?: string | undefined;
  /** The GoTo admin who consented. */
  readonly principal?: string | undefined;
  /**
   * The consent no longer works (revoked, expired, or its refresh token was lost): the partner
   * must connect GoTo again. No request is sent for this tenant until then.
   */
  readonly needsConsent?: boolean | undefined;
  /** A refresh is under way until this time (ms since the epoch): others wait and re-read. */
  readonly refreshingUntil?: number | undefined;
  /** Who is refreshing (a process id), for the record. */
  readonly refreshingBy?: string | undefined;
}

/** {@link GotoTokenRecord} as stored: with the generation every write raises by one. */
export interface StoredGotoTokens extends GotoTokenRecord {
  /** Raised by every write; a writer names the one it read, so it never overwrites a newer one. */
  readonly generation: number;
  /** When it was last written (ISO 8601). */
  readonly updatedAt: string;
}

/**
 * Where one tenant's GoTo tokens live (SPEC S4), sealed at rest like connection credentials. A
 * store belongs to one tenant, like the other stores (`createPostgresStores({ tenant })`).
 * Every write is a compare-and-set on the generation: of two processes that read the same tokens,
 * one writes and the other re-reads, so a rotated refresh token is never overwritten by an older
 * one. Rejects with `STORAGE` when the data cannot be read or written.
 */
export interface GotoTokenStore {
  /** The tenant's tokens, or `null` before its consent (or after disconnecting). */
  get(options?: CallOptions): Promise<StoredGotoTokens | null>;
  /**
   * Writes `next` when the stored generation is `expected` (0: nothing stored yet) and resolves
   * what was stored; resolves `null`, writing nothing, when another write came first.
   */
  compareAndSet(
    expected: number,
    next: GotoTokenRecord,
    options?: CallOptions,
  ): Promise<StoredGotoTokens | null>;
  /** Forgets the tokens ("disconnect GoTo"); resolves `false` when there were none. */
  delete(options?: CallOptions): Promise<boolean>;
}
