/** A user in the GoTo conformance seed. */
export interface SeedGotoUser {
  /** Email address, lower case. */
  readonly email: string;
  /** First name. */
  readonly firstName: string;
  /** Last name. */
  readonly lastName: string;
  /** Names of the licenses the user has. */
  readonly licenses: readonly string[];
}

/** A license in the GoTo conformance seed; `seats` absent means GoTo reports none. */
export interface SeedGotoLicense {
  /** License name; the suite finds licenses by it. */
  readonly name: string;
  /** Product codes. */
  readonly products: readonly string[];
  /** Seat counts, when the backend reports them. */
  readonly seats?: { readonly total: number; readonly available: number };
}

/** An account in the GoTo conformance seed. */
export interface SeedGotoAccount {
  /** Account name; the suite finds accounts by it. */
  readonly name: string;
  /** Licenses of the account. */
  readonly licenses: readonly SeedGotoLicense[];
  /** Users of the account, in listing order. */
  readonly users: readonly SeedGotoUser[];
}

/**
 * The data every GoTo conformance harness loads, in order. Users are listed in this order;
 * page sizes under 30 make the suite cross pages.
 */
export interface GotoConformanceSeed {
  /** Accounts, in listing order. */
  readonly accounts: readonly SeedGotoAccount[];
}

/** The seed the GoTo conformance suite uses. */
export function gotoConformanceSeed(): GotoConformanceSeed {
  const users = Array.from({ length: 30 }, (_, i): SeedGotoUser => {
    const n = String(i + 1).padStart(2, '0');
    return {
      email: `user${n}@acme.example`,
      firstName: `User`,
      lastName: `Number ${n}`,
      licenses: i < 3 ? ['Resolve'] : [],
    };
  });
  return {
    accounts: [
      {
        name: 'Acme Corporation',
        licenses: [
          { name: 'Resolve', products: ['RESOLVE'], seats: { total: 50, available: 47 } },
          { name: 'Connect', products: ['G2C'] },
          { name: 'Tiny', products: ['G2M'], seats: { total: 1, available: 1 } },
        ],
        users,
      },
      { name: 'Globex', licenses: [], users: [] },
    ],
  };
}
