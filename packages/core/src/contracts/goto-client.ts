import type { HttpHooks } from '../http/http-events.js';
import type { CallOptions } from './call-options.js';
import type {
  CreateUserOutcome,
  CreateUsersOptions,
  GotoAccount,
  GotoUser,
  License,
  NewGotoUser,
} from './goto-types.js';
import type { VendorRequester } from './vendor-request.js';

/**
 * The GoTo side: accounts, licenses and users. Keys are strings everywhere (they exceed 2^53).
 *
 * Contract shared by every method: failures are `PsaBridgeError`s (`AUTHENTICATION`,
 * `PERMISSION`, `RATE_LIMITED` after backing off, `UPSTREAM`, `NETWORK`, `TIMEOUT`,
 * `RESPONSE_SHAPE`, `ABORTED`) and never hold a token. Users are only ever created with the
 * member role (no admin roles). The conformance suite `runGotoClientConformance` in
 * `@psa-bridge/core/testing` checks all of this.
 */
export interface GotoClient {
  /** The accounts the signed-in admin can manage, in GoTo's order. */
  listAccounts(options?: CallOptions): Promise<readonly GotoAccount[]>;

  /** The licenses of an account, with seat counts where GoTo reports them (SPEC I1). */
  listLicenses(accountKey: string, options?: CallOptions): Promise<readonly License[]>;

  /** Every user of an account, page by page, in GoTo's order; `break` stops fetching. */
  listUsers(accountKey: string, options?: CallOptions): AsyncIterable<GotoUser>;

  /**
   * Looks up users by email, by psa-bridge's one email identity (`emailKey`: letter case, NFC
   * and needless quotes do not matter). The map is keyed by `emailKey(email)` and holds only
   * the emails that have a user; any number of emails may be asked at once.
   */
  findUsersByEmail(
    accountKey: string,
    emails: readonly string[],
    options?: CallOptions,
  ): Promise<ReadonlyMap<string, GotoUser>>;

  /**
   * Creates users as members with `options.licenseKeys` (SPEC I4, E4). Returns one outcome per
   * input user, in input order: `created`, `existing` (a user with that email was already there;
   * nothing changed) or `failed` (GoTo refused that user; the others are unaffected). Names
   * clipped to GoTo's limits come back as warnings. Safe to repeat: a second call for the same
   * emails creates nobody and answers `existing`.
   */
  createUsers(
    accountKey: string,
    users: readonly NewGotoUser[],
    options: CreateUsersOptions & CallOptions,
  ): Promise<readonly CreateUserOutcome[]>;

  /**
   * Adds licenses to an existing user, keeping the ones it has; returns the updated user.
   * Rejects with `NOT_FOUND` for an unknown user and `CONFLICT` when a license has no free seat.
   */
  assignLicenses(
    accountKey: string,
    userKey: string,
    licenseKeys: readonly string[],
    options?: CallOptions,
  ): Promise<GotoUser>;

  /**
   * Adds logging hooks to this client after it was built; the function it returns removes them.
   * `createBridge({ hooks, logger })` calls it, so one option reaches GoTo and every PSA. Optional:
   * a client without it simply does not report its requests to the bridge's hooks.
   */
  addHooks?(hooks: HttpHooks): () => void;

  /**
   * The escape hatch: a GoTo Admin API call the SDK does not model, through this client's
   * transport (the partner's tokens, redaction, the shared rate limit, retries, typed errors).
   */
  readonly request?: VendorRequester;
}
