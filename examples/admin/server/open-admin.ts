import { createBridge, createMemoryStores } from '@psa-bridge/core';
import { openWorld, type World } from '../../support/world.js';
import { type AdminSetup, startAdminServer } from './admin-server.js';

/** Strings of a credentials object, for the demo world's "Fill in the demo credentials". */
const asStrings = (credentials: object): Record<string, string> =>
  Object.fromEntries(Object.entries(credentials).map(([name, value]) => [name, String(value)]));

/**
 * Opens the world the environment describes (the demo world without credentials, real vendors
 * with the quickstart's variables), one partner's bridge on memory stores, and the admin page.
 */
export async function openAdmin(
  options: {
    readonly env?: NodeJS.ProcessEnv;
    readonly port?: number;
    readonly latencyMs?: number;
    /** The demo world's large partner: this many more GoTo accounts (simulators only). */
    readonly largePartner?: number;
  } = {},
): Promise<{ readonly url: string; readonly world: World; close(): Promise<void> }> {
  const world = await openWorld(options.env ?? process.env, {
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.largePartner ? { largePartner: options.largePartner } : {}),
  });
  const setups = [world.connectwise, world.autotask].filter((setup) => setup !== undefined);
  const bridge = createBridge({
    providers: setups.map((setup) => setup.provider),
    goto: world.goto,
    stores: createMemoryStores(),
  });
  const setup: AdminSetup = {
    mode: world.mode,
    writes: world.writes,
    ...(world.mode === 'simulators'
      ? {
          demoCredentials: Object.fromEntries(
            setups.map((entry) => [entry.provider.id, asStrings(entry.credentials as object)]),
          ),
        }
      : {}),
  };
  const server = await startAdminServer({ bridge, setup, ...(options.port ? { port: options.port } : {}) });
  return {
    url: server.url,
    world,
    async close() {
      await server.close();
      await world.close();
    },
  };
}
