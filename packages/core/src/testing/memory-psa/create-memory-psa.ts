import { z } from 'zod';
import type { PsaClient } from '../../contracts/psa-client.js';
import type { ConnectOptions, PsaProvider } from '../../contracts/psa-provider.js';
import type { RetryOptions } from '../../http/create-http-client.js';
import type { ApiStats } from '../in-process-api.js';
import type { FaultQueue } from '../simulator/faults.js';
import { createMemoryPsaApi, type MemoryPsaData, type MemoryPsaPermissions } from './memory-psa-api.js';
import { createMemoryPsaClient } from './memory-psa-client.js';

/** Credentials of the in-memory PSA. */
export interface MemoryPsaCredentials {
  /** The API key. */
  readonly apiKey: string;
}

/** Options of {@link createMemoryPsa}. */
export interface MemoryPsaOptions {
  /** Starting data. @default no companies, statuses Active/Inactive, types Customer/Prospect */
  readonly data?: Partial<MemoryPsaData>;
  /** The API key the PSA accepts. @default 'memory-psa-key' */
  readonly apiKey?: string;
  /** Items per page, small by default so paging is always exercised. @default 25 */
  readonly pageSize?: number;
  /** Retry policy of the clients it makes. */
  readonly retry?: Partial<RetryOptions>;
}

/** An in-memory PSA with its provider, for app tests and the conformance suite. */
export interface MemoryPsa {
  /** A {@link PsaProvider} (id `memory`) whose clients talk to this PSA. */
  readonly provider: PsaProvider<MemoryPsaCredentials, 'memory'>;
  /** The credentials this PSA accepts. */
  readonly credentials: MemoryPsaCredentials;
  /** The data served; change it freely. */
  readonly data: MemoryPsaData;
  /** What the API key may read; flip a flag to test permission failures (SPEC C4). */
  readonly permissions: MemoryPsaPermissions;
  /** Faults for the next requests (429, 5xx, dropped connections, malformed bodies). */
  readonly faults: FaultQueue;
  /** Request counters; `writes` stays 0 because clients never write (SPEC I5). */
  readonly stats: ApiStats;
  /** A client with the accepted credentials. */
  client(options?: ConnectOptions): Promise<PsaClient>;
}

/**
 * Creates an in-memory PSA: a small in-process HTTP API plus the reference client, going
 * through the same core transport as the real adapters, so retries, `Retry-After`, auth
 * failures and malformed payloads behave for real.
 *
 * @example
 * ```ts
 * const psa = createMemoryPsa({ data: { companies: [{ id: '1', name: 'Acme' }] } });
 * const client = await psa.client();
 * for await (const company of client.listCompanies()) console.log(company.name);
 * ```
 */
export function createMemoryPsa(options: MemoryPsaOptions = {}): MemoryPsa {
  const data: MemoryPsaData = {
    statuses: options.data?.statuses ?? [
      { id: '1', name: 'Active', inactive: false },
      { id: '2', name: 'Inactive', inactive: true },
    ],
    types: options.data?.types ?? [
      { id: '1', name: 'Customer' },
      { id: '2', name: 'Prospect' },
    ],
    companies: options.data?.companies ?? [],
    contacts: options.data?.contacts ?? [],
  };
  const credentials = { apiKey: options.apiKey ?? 'memory-psa-key' };
  const permissions: MemoryPsaPermissions = { companies: true, contacts: true };
  const api = createMemoryPsaApi({
    data,
    apiKey: credentials.apiKey,
    permissions,
    pageSize: options.pageSize ?? 25,
  });

  const provider: PsaProvider<MemoryPsaCredentials, 'memory'> = {
    id: 'memory',
    displayName: 'In-memory PSA',
    credentials: z.object({ apiKey: z.string().min(1, 'the API key is required') }),
    secretFields: ['apiKey'],
    async connect(given, connectOptions = {}) {
      return createMemoryPsaClient({
        ...connectOptions,
        apiKey: given.apiKey,
        fetch: connectOptions.fetch ?? api.fetch,
        ...(options.retry ? { retry: options.retry } : {}),
      });
    },
  };

  return {
    provider,
    credentials,
    data,
    permissions,
    faults: api.faults,
    stats: api.stats,
    client: (connectOptions) => provider.connect(credentials, connectOptions),
  };
}
