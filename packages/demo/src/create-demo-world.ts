import { type ConnectWiseCredentials, connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { PsaBridgeError, type PsaProvider } from '@psa-bridge/core';
import { type AutotaskCredentials, datto } from '@psa-bridge/datto';
import {
  type AutotaskFake,
  type AutotaskFakeClientOptions,
  createAutotaskFake,
} from '@psa-bridge/datto/fake';
import type { GoToFake, GoToFakeClientOptions } from '@psa-bridge/goto/fake';
import { type HaloCredentials, halo } from '@psa-bridge/halo';
import { createHaloFake, type HaloFake, type HaloFakeClientOptions } from '@psa-bridge/halo/fake';
import { autotaskStory } from './autotask-story.js';
import { connectWiseStory } from './connectwise-story.js';
import { gotoStory } from './goto-story.js';
import { haloStory } from './halo-story.js';

/** Options of {@link createDemoWorld}. */
export interface DemoWorldOptions {
  /**
   * Latency each simulator adds to an answer, in milliseconds, so long steps look like they do
   * against the real APIs. Tests want 0. @default 0
   */
  readonly latencyMs?: number;
  /**
   * A large partner: this many more GoTo accounts (names like `Northwind Holding 0001`), and a
   * ConnectWise company for every other one, to try paging, search and auto-map at size.
   * @default none
   */
  readonly largePartner?: { readonly accounts: number };
}

/** One PSA of the demo world: its provider, working credentials and its simulator. */
export interface DemoPsa<Credentials, Id extends string, Fake, ClientOptions> {
  /** The provider, configured for this simulator; hand it to `createBridge`. */
  readonly provider: PsaProvider<Credentials, Id>;
  /** Credentials that pass the connection test. */
  readonly credentials: Credentials;
  /** What was passed to the provider factory to reach the simulator. */
  readonly clientOptions: ClientOptions;
  /** The simulator, to look at or change its data and switch faults on. */
  readonly fake: Fake;
  /** The simulator's loopback URL. */
  readonly url: string;
}

/**
 * The four simulators, started on loopback ports with data that line up (see the package README
 * for the story): the GoTo partner account's customers, a ConnectWise PSA and an Autotask PSA.
 */
export interface DemoWorld {
  /** ConnectWise PSA: Acme (found), Globex twice (multiple), no Initech (none), and Acme's staff. */
  readonly connectwise: DemoPsa<
    ConnectWiseCredentials,
    'connectwise',
    ConnectWiseFake,
    Record<string, never>
  >;
  /** The second PSA, Datto Autotask: Acme Corporation and Initech, with a share of Acme's staff. */
  readonly autotask: DemoPsa<AutotaskCredentials, 'datto', AutotaskFake, AutotaskFakeClientOptions>;
  /** The third PSA, HaloPSA: Acme Corporation with a share of Acme's staff, and Globex as a prospect. */
  readonly halo: DemoPsa<HaloCredentials, 'halo', HaloFake, HaloFakeClientOptions>;
  /** Options for `goto()` that reach the GoTo simulator. */
  readonly goto: GoToFakeClientOptions;
  /** The GoTo simulator: accounts, licenses and the users an import created. */
  readonly gotoFake: GoToFake;
  /** The three providers, for `createBridge({ providers: world.providers, ... })`. */
  readonly providers: readonly [
    PsaProvider<ConnectWiseCredentials, 'connectwise'>,
    PsaProvider<AutotaskCredentials, 'datto'>,
    PsaProvider<HaloCredentials, 'halo'>,
  ];
  /** Stops the three servers. */
  close(): Promise<void>;
}

/**
 * Starts the ConnectWise, Autotask, HaloPSA and GoTo simulators on loopback ports with one story's data,
 * for quickstarts, examples, docs and an app's own tests. No credentials, no network, no msw.
 *
 * @example
 * ```ts
 * import { createBridge } from '@psa-bridge/core';
 * import { createDemoWorld } from '@psa-bridge/demo';
 * import { goto } from '@psa-bridge/goto';
 *
 * const world = await createDemoWorld();
 * const bridge = createBridge({ providers: world.providers, goto: goto(world.goto) });
 * const saved = await bridge.connections.testAndSave({
 *   providerId: 'connectwise',
 *   product: 'resolve',
 *   credentials: world.connectwise.credentials,
 * });
 * await world.close();
 * ```
 */
export async function createDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const latencyMs = options.latencyMs ?? 0;
  const large = options.largePartner?.accounts ?? 0;
  if (!Number.isInteger(large) || large < 0 || large > 100_000) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'createDemoWorld(): largePartner.accounts must be 0 to 100,000',
      {
        details: { field: 'largePartner.accounts' },
      },
    );
  }
  const cwFake = createConnectWiseFake({ data: connectWiseStory(large), host: { latencyMs } });
  const atFake = createAutotaskFake({ data: autotaskStory(), latencyMs });
  const haFake = createHaloFake({ data: haloStory(), host: { latencyMs } });
  const gotoFake = gotoStory(latencyMs, large);
  const [cw, at, ha, gt] = await Promise.all([
    cwFake.listen(),
    atFake.listen(),
    haFake.listen(),
    gotoFake.listen(),
  ]);
  const cwProvider = connectwise(cw.clientOptions);
  const atProvider = datto(at.clientOptions);
  const haProvider = halo(ha.clientOptions);
  return {
    connectwise: {
      provider: cwProvider,
      credentials: cw.credentials,
      clientOptions: cw.clientOptions,
      fake: cwFake,
      url: cw.url,
    },
    autotask: {
      provider: atProvider,
      credentials: at.credentials,
      clientOptions: at.clientOptions,
      fake: atFake,
      url: at.url,
    },
    halo: {
      provider: haProvider,
      credentials: ha.credentials,
      clientOptions: ha.clientOptions,
      fake: haFake,
      url: ha.url,
    },
    goto: gt.clientOptions,
    gotoFake,
    providers: [cwProvider, atProvider, haProvider],
    async close() {
      await Promise.all([cw.close(), at.close(), ha.close(), gt.close()]);
    },
  };
}
