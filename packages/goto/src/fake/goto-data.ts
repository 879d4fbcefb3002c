import { fakeEmail, fakePerson, seededRandom } from '@psa-bridge/core/testing';

/** A user held by the GoTo simulator. */
export interface SimulatedGotoUser {
  /** User key, a digit string past 2^53. */
  key: string;
  /** Email, as created. */
  email: string;
  /** First name. */
  firstName: string;
  /** Last name. */
  lastName: string;
  /** Licenses assigned. */
  licenseKeys: string[];
  /** System roles; empty for members. */
  adminRoles: string[];
  /** Whether GoTo sent its welcome email when the user was created (`suppressEmail: false`). */
  welcomeEmailSent: boolean;
  /** `INVITED` for users created here; seeded users show the recorded statuses in turn. */
  status?: 'INVITED' | 'ACTIVE' | 'SUSPENDED' | 'INACTIVE';
}

/** A license held by the GoTo simulator. */
export interface SimulatedGotoLicense {
  /** License key, a digit string. */
  key: string;
  /** Display name. */
  name: string;
  /** Product codes. */
  products: string[];
  /** Seats bought; absent for a license GoTo reports no counts for. */
  seats?: number;
}

/** An account held by the GoTo simulator. */
export interface SimulatedGotoAccount {
  /** Account key, a digit string past 2^53. */
  key: string;
  /** Account name. */
  name: string;
  /** Licenses. */
  licenses: SimulatedGotoLicense[];
  /** Users, in creation order. */
  users: SimulatedGotoUser[];
  /** The partner (GoTo admin) that manages it; absent: the simulator's first partner. */
  partner?: string;
}

/** A seeded account: keys are made up when absent. */
export interface GotoAccountSeed {
  /** Account key. */
  readonly key?: string;
  /** Account name. */
  readonly name: string;
  /** Licenses; `seats` absent means GoTo reports no counts. */
  readonly licenses?: readonly {
    readonly key?: string;
    readonly name: string;
    readonly products: readonly string[];
    readonly seats?: number;
  }[];
  /** Users; `licenses` names licenses of this account. */
  readonly users?: readonly {
    readonly key?: string;
    readonly email: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly licenses?: readonly string[];
    readonly admin?: boolean;
  }[];
}

/** Makes long digit keys, as GoTo's are (they exceed 2^53). */
export function createKeyMaker(start = 8_887_380_153_236_031_176_710n): () => string {
  let counter = start;
  return () => {
    counter += 17n;
    return counter.toString();
  };
}

/** Builds accounts from seeds. */
export function buildAccounts(
  seeds: readonly GotoAccountSeed[],
  nextKey: () => string,
): SimulatedGotoAccount[] {
  return seeds.map((seed) => {
    const licenses = (seed.licenses ?? []).map((license) => ({
      key: license.key ?? nextKey(),
      name: license.name,
      products: [...license.products],
      ...(license.seats === undefined ? {} : { seats: license.seats }),
    }));
    return {
      key: seed.key ?? nextKey(),
      name: seed.name,
      licenses,
      users: (seed.users ?? []).map((user) => ({
        key: user.key ?? nextKey(),
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        licenseKeys: licenses
          .filter((license) => user.licenses?.includes(license.name))
          .map((license) => license.key),
        adminRoles: user.admin ? ['SUPER_USER'] : [],
        welcomeEmailSent: false,
      })),
    };
  });
}

/** Default accounts: three customers, licenses with and without seat counts, a few users. */
export function defaultAccountSeeds(seed = 1): GotoAccountSeed[] {
  const random = seededRandom(seed);
  const users = (domain: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const person = fakePerson(random);
      return {
        ...person,
        email: fakeEmail(person.firstName, person.lastName, domain, i),
        licenses: ['GoTo Resolve'],
      };
    });
  return [
    {
      name: 'Acme Corporation',
      licenses: [
        { name: 'GoTo Resolve', products: ['RESOLVE'], seats: 100 },
        { name: 'GoTo Connect', products: ['G2C'] },
      ],
      users: [
        { email: 'admin@msp.example', firstName: 'Ada', lastName: 'Admin', admin: true },
        ...users('acme.example', 3),
      ],
    },
    {
      name: 'Globex B.V.',
      licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: 25 }],
      users: users('globex.example', 2),
    },
    { name: 'Initech LLC', licenses: [{ name: 'GoTo Meeting', products: ['G2M'], seats: 10 }] },
  ];
}

/** Seats in use of a license in an account. */
export function seatsUsed(account: SimulatedGotoAccount, licenseKey: string): number {
  return account.users.filter((user) => user.licenseKeys.includes(licenseKey)).length;
}
