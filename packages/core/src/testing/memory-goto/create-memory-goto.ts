import type { GotoClient } from '../../contracts/goto-client.js';
import type { ConnectOptions } from '../../contracts/psa-provider.js';
import type { RetryOptions } from '../../http/create-http-client.js';
import type { ApiStats } from '../in-process-api.js';
import type { FaultQueue } from '../simulator/faults.js';
import {
  createMemoryGotoApi,
  type MemoryGotoAccount,
  type MemoryGotoData,
  type MemoryGotoLicense,
  type MemoryGotoUser,
} from './memory-goto-api.js';
import { createMemoryGotoClient } from './memory-goto-client.js';

/** A seeded account: keys are made up when absent. */
export interface MemoryGotoAccountSeed {
  /** Account key; made up when absent. */
  readonly key?: string;
  /** Account name. */
  readonly name: string;
  /** Licenses; keys made up when absent. */
  readonly licenses?: readonly (Omit<MemoryGotoLicense, 'key'> & { readonly key?: string })[];
  /** Users; keys made up when absent, role member by default. */
  readonly users?: readonly (Omit<MemoryGotoUser, 'key' | 'welcomeEmailSent' | 'role' | 'licenseKeys'> &
    Partial<Pick<MemoryGotoUser, 'key' | 'role' | 'licenseKeys'>>)[];
}

/** Options of {@link createMemoryGoto}. */
export interface MemoryGotoOptions {
  /** Accounts with their licenses and users. @default one account "Acme Corporation" with one license */
  readonly accounts?: readonly MemoryGotoAccountSeed[];
  /** The access token accepted. @default 'memory-goto-token' */
  readonly accessToken?: string;
  /** Users per page. @default 25 */
  readonly pageSize?: number;
  /** Retry policy of the clients it makes. */
  readonly retry?: Partial<RetryOptions>;
}

/** An in-memory GoTo with its client, for app tests and the conformance suite. */
export interface MemoryGoto {
  /** The data served; read it to assert exactly-once outcomes. */
  readonly data: MemoryGotoData;
  /** The token the API accepts. */
  readonly accessToken: string;
  /** Faults for the next requests. */
  readonly faults: FaultQueue;
  /** Request counters. */
  readonly stats: ApiStats;
  /** A client with the accepted token (or `accessToken` to test a refused one). */
  client(options?: Omit<ConnectOptions, 'signal'> & { readonly accessToken?: string }): GotoClient;
  /** An account by name, for tests. */
  account(name: string): MemoryGotoAccount | undefined;
}

/**
 * Creates an in-memory GoTo: accounts, licenses with seats, users, and the reference client,
 * through the same core transport as the real adapter. Keys are long digit strings past 2^53,
 * as GoTo's are.
 */
export function createMemoryGoto(options: MemoryGotoOptions = {}): MemoryGoto {
  let counter = 8_887_380_153_236_031_176_710n;
  const nextKey = (): string => {
    counter += 1n;
    return counter.toString();
  };
  const seeds = options.accounts ?? [
    {
      name: 'Acme Corporation',
      licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: { total: 10, available: 10 } }],
    },
  ];
  const data: MemoryGotoData = {
    accounts: seeds.map((seed) => ({
      key: seed.key ?? nextKey(),
      name: seed.name,
      licenses: (seed.licenses ?? []).map((license) => ({
        ...license,
        key: license.key ?? nextKey(),
        ...(license.seats ? { seats: { ...license.seats } } : {}),
      })),
      users: (seed.users ?? []).map((user) => ({
        ...user,
        key: user.key ?? nextKey(),
        role: user.role ?? 'member',
        licenseKeys: [...(user.licenseKeys ?? [])],
        welcomeEmailSent: false,
      })),
    })),
  };
  const accessToken = options.accessToken ?? 'memory-goto-token';
  const api = createMemoryGotoApi({ data, accessToken, pageSize: options.pageSize ?? 25, nextKey });
  return {
    data,
    accessToken,
    faults: api.faults,
    stats: api.stats,
    client: (clientOptions = {}) =>
      createMemoryGotoClient({
        fetch: api.fetch,
        ...clientOptions,
        accessToken: clientOptions.accessToken ?? accessToken,
        ...(options.retry ? { retry: options.retry } : {}),
      }),
    account: (name) => data.accounts.find((account) => account.name === name),
  };
}
