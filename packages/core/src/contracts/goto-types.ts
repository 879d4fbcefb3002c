import type { GotoClient } from './goto-client.js';

/** A GoTo account the admin can manage (a customer account in the partner edition). */
export interface GotoAccount {
  /** The account key. Always a string: GoTo keys exceed 2^53. */
  readonly key: string;
  /** The account's name, matched against PSA company names (SPEC M1). */
  readonly name: string;
}

/** Seat counts of a license, where GoTo reports them. */
export interface LicenseSeats {
  /** Seats bought. */
  readonly total: number;
  /** Seats not yet assigned. */
  readonly available: number;
}

/** A product license of a GoTo account (SPEC I1). */
export interface License {
  /** The license key, as a string. */
  readonly key: string;
  /** Display name, where GoTo gives one. */
  readonly name?: string;
  /** Product codes the license grants (for example `G2M`). */
  readonly products: readonly string[];
  /** Seat counts; absent when GoTo does not report them (seat checks then cannot be made). */
  readonly seats?: LicenseSeats;
}

/** The role a GoTo user has in an account. */
export type GotoRole = 'member' | 'admin';

/** A user of a GoTo account. */
export interface GotoUser {
  /** The user key, as a string. */
  readonly key: string;
  /** Email address as GoTo holds it. GoTo never lets it change. */
  readonly email: string;
  /** First name. */
  readonly firstName?: string;
  /** Last name. */
  readonly lastName?: string;
  /** Licenses assigned to the user. */
  readonly licenseKeys: readonly string[];
  /** `member` (no admin roles) or `admin`. */
  readonly role: GotoRole;
}

/** A user to create in GoTo. */
export interface NewGotoUser {
  /** Email address; GoTo allows at most 128 characters. */
  readonly email: string;
  /** First name; GoTo keeps at most 32 characters. */
  readonly firstName: string;
  /** Last name; GoTo keeps at most 32 characters. */
  readonly lastName: string;
}

/** Options for {@link GotoClient.createUsers}. */
export interface CreateUsersOptions {
  /** Licenses every user of the batch gets; may be empty (SPEC I1). */
  readonly licenseKeys: readonly string[];
  /** Send GoTo's welcome email, which invites the user to set a password (SPEC E4). */
  readonly sendWelcomeEmail: boolean;
  /**
   * The caller has just looked these emails up and found no users (an import does one lookup
   * for the whole run): skip the lookup before each batch, and report the users GoTo confirms as
   * `created`. @default false
   */
  readonly existingChecked?: boolean;
  /**
   * Called immediately before each create request goes out, retries included. Throwing stops
   * the call there with that error, and nothing more is sent: an import uses it to check that
   * its lease still runs (SPEC I8). Adapters must call it before every create request.
   */
  readonly beforeSend?: (() => void) | undefined;
}

/** What happened to one user of a create batch. */
export type CreateUserOutcome =
  | {
      /** The user did not exist and was created. */
      readonly status: 'created';
      /** Email as requested. */
      readonly email: string;
      /** The new user. */
      readonly user: GotoUser;
      /** Adjustments GoTo's limits forced, like a name clipped to 32 characters. */
      readonly warnings: readonly string[];
    }
  | {
      /** A user with this email already existed; nothing was created. */
      readonly status: 'existing';
      /** Email as requested. */
      readonly email: string;
      /** The user that already existed. */
      readonly user: GotoUser;
      /** Always empty for existing users. */
      readonly warnings: readonly string[];
    }
  | {
      /** GoTo refused this user; the rest of the batch is unaffected. */
      readonly status: 'failed';
      /** Email as requested. */
      readonly email: string;
      /** psa-bridge error code (`VALIDATION`, `CONFLICT`, …). */
      readonly code: string;
      /** Why, in words, free of secrets. */
      readonly reason: string;
      /** Whether trying again later may succeed (no free seat, rate limit, outage). @default false */
      readonly retryable?: boolean;
      /** GoTo's own error code (`user.name.conflict`, …), when it sent one. */
      readonly vendorCode?: string;
    };
