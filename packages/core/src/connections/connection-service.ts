import { bindPsaClient, type CallDefaults } from '../bridge/bind-call-context.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { Connection, ConnectionRecord } from '../contracts/connection.js';
import type {
  ConnectionTestFacts,
  ConnectionTestReason,
  ConnectionTestStep,
} from '../contracts/connection-test.js';
import { GOTO_PRODUCTS } from '../contracts/goto-products.js';
import type { PsaClient } from '../contracts/psa-client.js';
import type { ConnectOptions, PsaProvider } from '../contracts/psa-provider.js';
import type { ConnectionStore, MappingStore } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import type { Clock } from '../http/clock.js';
import type { EventContext } from '../http/http-events.js';
import { type Page, singlePage } from '../pagination/page.js';
import { Secret } from '../secrets/secret.js';
import { parseCredentials } from './parse-credentials.js';

/** Any provider, whatever its credentials. */
// biome-ignore lint/suspicious/noExplicitAny: the credentials of "any provider" are unknown here by design
export type AnyPsaProvider = PsaProvider<any, string>;

/** What a partner enters to add a connection (SPEC C2, C3), for one provider. */
export interface NewConnectionFor<Id extends string, Credentials, Product extends string = string> {
  /** Provider id, like `connectwise` or `datto`. */
  readonly providerId: Id;
  /**
   * The one GoTo product this connection is for, like `resolve`: one of the bridge's products
   * (`GOTO_PRODUCTS` unless `createBridge({ products })` says otherwise), so a misspelling does
   * not compile.
   */
  readonly product: Product;
  /** A label; defaults to "<provider> for <product>". */
  readonly label?: string;
  /** The provider's credentials; validated by its schema before any request. */
  readonly credentials: Credentials;
}

/**
 * What a partner enters to add a connection: with a bridge made from `[connectwise(), datto()]`,
 * `providerId: 'connectwise'` requires ConnectWise credentials, and an unknown id does not
 * compile. Without a providers type, any id and credentials are accepted (and checked at run time).
 */
export type NewConnection<
  Providers extends readonly AnyPsaProvider[] = readonly AnyPsaProvider[],
  Products extends string = string,
> = {
  [K in keyof Providers]: Providers[K] extends PsaProvider<infer Credentials, infer Id>
    ? NewConnectionFor<Id, Credentials, Products>
    : never;
}[number];

/** Why a test failed, without secrets (SPEC C4). */
export interface ConnectionTestFailure {
  /** The step that failed. */
  readonly step: ConnectionTestStep;
  /** A reason to branch on. */
  readonly reason: ConnectionTestReason;
  /** Words a partner can act on. */
  readonly message: string;
}

/** The outcome of {@link ConnectionService.testAndSave} and {@link ConnectionService.update}. */
export type SaveResult =
  | {
      /** The test passed and the connection is saved. */
      readonly saved: true;
      /** The saved connection, without credentials. */
      readonly connection: Connection;
      /** What the PSA reported during the test. */
      readonly facts: ConnectionTestFacts;
    }
  | {
      /** The test failed; nothing was saved or changed. */
      readonly saved: false;
      /** Why. */
      readonly failure: ConnectionTestFailure;
    };

/** Changes to a saved connection. */
export interface ConnectionChanges {
  /** A new label. */
  readonly label?: string;
  /** New credentials, whole or in part (merged over the saved ones); they are tested first. */
  readonly credentials?: Readonly<Record<string, unknown>>;
}

/** Connections between GoTo products and PSA accounts (SPEC C2-C7). */
export interface ConnectionService<
  Providers extends readonly AnyPsaProvider[] = readonly AnyPsaProvider[],
  Products extends string = string,
> {
  /**
   * Validates the credentials (C3), tests them against the PSA (C4) and saves the connection only
   * when the test passes. Rejects with `VALIDATION` for an unknown provider, an empty product or
   * credentials that fail the provider's schema (naming the fields, never the values).
   */
  testAndSave(input: NewConnection<Providers, Products>, options?: CallOptions): Promise<SaveResult>;
  /** Every connection, oldest first, without credentials (C7). */
  list(options?: CallOptions): Promise<Page<Connection>>;
  /** One connection, or `null`. */
  get(id: string, options?: CallOptions): Promise<Connection | null>;
  /**
   * Changes the label and/or the credentials (C6). New credentials are tested first and replace
   * the old ones only when the test passes. Rejects with `NOT_FOUND` for an unknown connection.
   */
  update(id: string, changes: ConnectionChanges, options?: CallOptions): Promise<SaveResult>;
  /** Deletes a connection and its mappings (C6), and says how many mappings went with it. */
  delete(
    id: string,
    options?: CallOptions,
  ): Promise<{ readonly deleted: boolean; readonly mappingsRemoved: number }>;
  /** The PSA client of a saved connection, made once and reused. Rejects with `NOT_FOUND` for an unknown id. */
  client(id: string, options?: CallOptions): Promise<PsaClient>;
}

/** What the connection service needs. */
export interface ConnectionServiceDeps {
  /** Registered providers, by id. */
  readonly providers: ReadonlyMap<string, PsaProvider<unknown>>;
  /** Where connections live. */
  readonly connections: ConnectionStore;
  /** Where mappings live (deleted with their connection). */
  readonly mappings: MappingStore;
  /** Options passed to every provider's `connect`. */
  readonly connectOptions: ConnectOptions;
  /** Time, for `createdAt` and `updatedAt`. */
  readonly clock: Clock;
  /** Makes connection ids. @default randomUUID */
  readonly newId?: () => string;
  /** The GoTo products a connection may be for. @default GOTO_PRODUCTS */
  readonly products?: readonly string[];
  /** The stores' tenant, named in every event of this service's vendor requests. */
  readonly tenant?: string | undefined;
  /** Defaults under every vendor call's options (time limit, retries). */
  readonly callDefaults?: CallDefaults | undefined;
}

const publicView = ({ credentials, ...connection }: ConnectionRecord): Connection => connection;

/** Creates the {@link ConnectionService}. */
export function createConnectionService(deps: ConnectionServiceDeps): ConnectionService {
  const clients = new Map<string, Promise<PsaClient>>();
  const now = (): string => new Date(deps.clock.now()).toISOString();
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());

  const providerOf = (providerId: string): PsaProvider<unknown> => {
    const provider = deps.providers.get(providerId);
    if (!provider) {
      const known = [...deps.providers.keys()].join(', ') || 'none';
      throw new PsaBridgeError('VALIDATION', `Unknown PSA provider "${providerId}" (registered: ${known})`, {
        details: { field: 'providerId' },
      });
    }
    return provider;
  };

  /** Connects and tests; resolves the client on success, the failure otherwise. */
  const contextOf = (provider: PsaProvider<unknown>, connectionId: string | undefined): EventContext => ({
    provider: provider.id,
    ...(connectionId ? { connectionId } : {}),
    ...(deps.tenant ? { tenant: deps.tenant } : {}),
  });
  const bound = (client: PsaClient, provider: PsaProvider<unknown>, connectionId?: string): PsaClient =>
    bindPsaClient(client, deps.callDefaults ?? {}, contextOf(provider, connectionId));

  const test = async (
    provider: PsaProvider<unknown>,
    credentials: unknown,
    options: CallOptions,
    connectionId?: string,
  ): Promise<{ client: PsaClient; facts: ConnectionTestFacts } | { failure: ConnectionTestFailure }> => {
    const client = await provider.connect(credentials, {
      ...deps.connectOptions,
      signal: options.signal,
      context: contextOf(provider, connectionId),
    });
    const result = await bound(client, provider, connectionId).testConnection(callSettings(options));
    if (!result.ok) return { failure: { step: result.step, reason: result.reason, message: result.message } };
    return { client, facts: result.facts };
  };

  const recordOf = async (id: string): Promise<ConnectionRecord> => {
    const record = await deps.connections.get(id);
    if (!record) throw new PsaBridgeError('NOT_FOUND', `No connection with id "${id}"`, { details: { id } });
    return record;
  };

  return {
    async testAndSave(input, options = {}) {
      const provider = providerOf(input.providerId);
      const product = typeof input.product === 'string' ? input.product.trim() : '';
      if (product === '') {
        throw new PsaBridgeError('VALIDATION', 'A connection needs the GoTo product it is for (SPEC C2)', {
          details: { field: 'product' },
        });
      }
      const products = deps.products ?? GOTO_PRODUCTS;
      if (!products.includes(product)) {
        throw new PsaBridgeError(
          'VALIDATION',
          `Unknown GoTo product "${product}" (known: ${products.join(', ')}; an app adds others with createBridge({ products }))`,
          { details: { field: 'product' } },
        );
      }
      const credentials = parseCredentials(provider, input.credentials);
      const id = newId();
      const outcome = await test(provider, credentials, options, id);
      if ('failure' in outcome) return { saved: false, failure: outcome.failure };
      const at = now();
      const record: ConnectionRecord = {
        id,
        providerId: provider.id,
        product,
        label: input.label?.trim() || `${provider.displayName} for ${product}`,
        createdAt: at,
        updatedAt: at,
        credentials: new Secret(credentials as Record<string, unknown>),
      };
      await deps.connections.put(record, options);
      clients.set(record.id, Promise.resolve(bound(outcome.client, provider, record.id)));
      return { saved: true, connection: publicView(record), facts: outcome.facts };
    },

    async list(options = {}) {
      return singlePage((await deps.connections.list(options)).map(publicView));
    },

    async get(id, options = {}) {
      const record = await deps.connections.get(id, options);
      return record ? publicView(record) : null;
    },

    async update(id, changes, options = {}) {
      const record = await recordOf(id);
      let next: ConnectionRecord = {
        ...record,
        ...(changes.label?.trim() ? { label: changes.label.trim() } : {}),
      };
      let facts: ConnectionTestFacts = {};
      if (changes.credentials) {
        const provider = providerOf(record.providerId);
        const merged = parseCredentials(provider, { ...record.credentials.reveal(), ...changes.credentials });
        const outcome = await test(provider, merged, options, id);
        if ('failure' in outcome) return { saved: false, failure: outcome.failure };
        next = { ...next, credentials: new Secret(merged as Record<string, unknown>) };
        facts = outcome.facts;
        clients.set(id, Promise.resolve(bound(outcome.client, provider, id)));
      }
      next = { ...next, updatedAt: now() };
      await deps.connections.put(next, options);
      return { saved: true, connection: publicView(next), facts };
    },

    async delete(id, options = {}) {
      const mappingsRemoved = await deps.mappings.deleteByConnection(id, options);
      const deleted = await deps.connections.delete(id, options);
      clients.delete(id);
      return { deleted, mappingsRemoved };
    },

    client(id, options = {}) {
      let client = clients.get(id);
      if (!client) {
        client = (async () => {
          const record = await recordOf(id);
          const provider = providerOf(record.providerId);
          const client = await provider.connect(record.credentials.reveal(), {
            ...deps.connectOptions,
            signal: options.signal,
            context: contextOf(provider, id),
          });
          return bound(client, provider, id);
        })();
        clients.set(id, client);
        client.catch(() => clients.delete(id));
      }
      return client;
    },
  };
}
