import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { type Bridge, type BridgeHooks, createBridge, type PsaProvider, type Stores } from '@psa-bridge/core';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { createTestClock, type SimulatorHostOptions } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { type AutotaskFake, createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake, type GoToFake, type GoToFakeClientOptions } from '@psa-bridge/goto/fake';

/** A running scenario: simulators on loopback ports, and a bridge with file stores. */
export interface Scenario {
  readonly bridge: Bridge;
  readonly psa: ConnectWiseFake | AutotaskFake;
  readonly gotoFake: GoToFake;
  readonly gotoOptions: GoToFakeClientOptions;
  readonly directory: string;
  readonly connectionId: string;
  readonly accountKey: string;
  readonly companyId: string;
  /** The provider and credentials as the child process needs them. */
  readonly connect: {
    readonly kind: 'connectwise' | 'datto';
    readonly credentials: unknown;
    readonly discoveryUrl?: string;
  };
  close(): Promise<void>;
}

export const SECRET_KEY = Buffer.alloc(32, 5).toString('base64');

/** Options of {@link startScenario}. */
export interface ScenarioOptions {
  readonly kind: 'connectwise' | 'datto';
  /** Contacts in the one mapped company. */
  readonly contacts: number;
  /** Faults, latency and limits of the PSA simulator. */
  readonly psaHost?: SimulatorHostOptions;
  /** Faults, latency and limits of the GoTo simulator. */
  readonly gotoHost?: SimulatorHostOptions;
  /** Use a virtual clock in the clients (waits return at once). @default true */
  readonly virtualTime?: boolean;
  /** Retries of the clients. */
  readonly retries?: number;
  /** Time limit of one request attempt. @default 2000 */
  readonly timeoutMs?: number;
  /** Stores for the bridge. @default JSON files in the scenario's folder */
  readonly stores?: Stores;
  /** Hooks for the bridge (events, traces). */
  readonly hooks?: BridgeHooks;
}

/** Starts the simulators on loopback, saves a connection and maps Acme Corporation to the PSA's first company. */
export async function startScenario(options: ScenarioOptions): Promise<Scenario> {
  const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-scenario-'));
  const gotoFake = createGoToFake({
    accounts: [
      {
        name: 'Acme Corporation',
        licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: 100_000 }],
      },
    ],
    ...(options.gotoHost ? { host: options.gotoHost } : {}),
  });
  const gotoServer = await gotoFake.listen();
  const clock = options.virtualTime === false ? undefined : createTestClock();
  const retry = { retries: options.retries ?? 4, minDelayMs: 20, maxDelayMs: 200 };
  const data = {
    companies: 1,
    contactsPerCompany: options.contacts,
    seed: 3,
    ...(options.psaHost ? { host: options.psaHost } : {}),
  };
  const transport = { retry, timeoutMs: options.timeoutMs ?? 2_000 };
  let psa: ConnectWiseFake | AutotaskFake;
  let provider: PsaProvider<unknown>;
  let server: { credentials: unknown; close(): Promise<void>; discoveryUrl?: string };
  if (options.kind === 'connectwise') {
    psa = createConnectWiseFake(data);
    server = await psa.listen();
    provider = connectwise(transport) as PsaProvider<unknown>;
  } else {
    const fake = createAutotaskFake(data);
    psa = fake;
    const listening = await fake.listen();
    server = listening;
    provider = datto({
      ...transport,
      discoveryUrl: listening.clientOptions.discoveryUrl,
    }) as PsaProvider<unknown>;
  }
  const { credentials, discoveryUrl } = server;
  const close = () => server.close();
  const bridge = createBridge({
    providers: [provider],
    goto: goto({
      ...gotoServer.clientOptions,
      retry,
      timeoutMs: options.timeoutMs ?? 2_000,
      ...(clock ? { clock } : {}),
    }),
    stores: options.stores ?? createJsonFileStores({ directory, secretKey: SECRET_KEY }),
    connectOptions: clock ? { clock } : {},
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const saved = await bridge.connections.testAndSave({
    providerId: provider.id,
    product: 'resolve',
    credentials,
  });
  if (!saved.saved) throw new Error(`connection test failed: ${saved.failure.message}`);
  const accountKey = gotoFake.account('Acme Corporation')?.key ?? '';
  const companies = [];
  for await (const company of (await bridge.connections.client(saved.connection.id)).listCompanies({}))
    companies.push(company);
  const companyId = companies[0]?.id ?? '';
  await bridge.mappings.save({ connectionId: saved.connection.id, accountKey, companyId });
  return {
    bridge,
    psa,
    gotoFake,
    gotoOptions: gotoServer.clientOptions,
    directory,
    connectionId: saved.connection.id,
    accountKey,
    companyId,
    connect: { kind: options.kind, credentials, ...(discoveryUrl ? { discoveryUrl } : {}) },
    async close() {
      await close();
      await gotoServer.close();
    },
  };
}

/** Asserts nothing was written to the PSA (SPEC I5): reads only, Autotask queries being reads. */
export function psaWrites(psa: ConnectWiseFake | AutotaskFake): string[] {
  return Object.keys(psa.host.stats.byRoute).filter((route) => {
    const [method, path = ''] = route.split(' ');
    if (method === 'GET') return false;
    return !(method === 'POST' && /\/query(\/count|\/next)?$/i.test(path));
  });
}
