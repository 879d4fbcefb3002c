import { type Bridge, type Connection, createBridge, PsaBridgeError } from '@psa-bridge/core';
import { CliError } from './cli-error.js';
import type { GlobalOptions } from './global-options.js';
import type { Output } from './output/output.js';
import { openGoto } from './setup/open-goto.js';
import { openStores } from './setup/open-stores.js';
import { choosePsa, openVendors, PSA_IDS, type PsaId, type Vendors } from './setup/open-vendors.js';
import { readEnvironment } from './setup/read-environment.js';

/** Everything a flow command works with: a bridge over the chosen store and one connection. */
export interface Session {
  /** The bridge. */
  readonly bridge: Bridge;
  /** The connection of the chosen PSA and GoTo product. */
  readonly connection: Connection;
  /** The chosen PSA. */
  readonly psaId: PsaId;
  /** Whether it runs on `--demo`'s demo world, new for every command. */
  readonly demo: boolean;
  /** Stops the demo world and closes the store. */
  close(): Promise<void>;
}

/** The user agent the CLI names in its requests. */
export const USER_AGENT = 'psa-bridge-cli';

const TEST_REASON_CODES = {
  AUTHENTICATION: 'AUTHENTICATION',
  PERMISSION: 'PERMISSION',
  UNREACHABLE: 'NETWORK',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM: 'UPSTREAM',
  UNEXPECTED_RESPONSE: 'RESPONSE_SHAPE',
} as const;

/** Reads the environment and opens the vendors (the demo world or the variables'). */
export async function openVendorsFor(options: GlobalOptions): Promise<{
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vendors: Vendors;
}> {
  const env = readEnvironment(process.env, options.varsFile);
  return { env, vendors: await openVendors(env, { demo: options.demo === true }) };
}

/**
 * Opens a session: the vendors, the store, GoTo, a bridge, and the connection for `--psa` and
 * `--product`. With credentials in the environment the stored connection is re-tested with them
 * (a new one is tested and saved); without, the stored one is used as it is.
 */
export async function openSession(options: GlobalOptions, output: Output): Promise<Session> {
  const { env, vendors } = await openVendorsFor(options);
  const closers: (() => Promise<void>)[] = [() => vendors.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const opened = await openStores(
      options.store ?? env.PSA_BRIDGE_STORE?.trim() ?? 'memory',
      env,
      options.tenant ?? 'default',
    );
    closers.push(() => opened.close());
    const goto = await openGoto(vendors.goto, opened.stores, opened.kind !== 'memory', output.note);
    const bridge = createBridge({
      // Every PSA the CLI knows, from the one list of them: each command works with each.
      providers: PSA_IDS.map((id) => vendors.psas[id].provider),
      goto,
      stores: opened.stores,
      userAgent: USER_AGENT,
    });
    const psaId = choosePsa(vendors, options.psa);
    const connection = await resolveConnection(bridge, vendors, psaId, options.product ?? 'resolve');
    return { bridge, connection, psaId, demo: options.demo === true, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function resolveConnection(
  bridge: Bridge,
  vendors: Vendors,
  psaId: PsaId,
  product: string,
): Promise<Connection> {
  const stored = (await bridge.connections.list()).items.find(
    (connection) => connection.providerId === psaId && connection.product === product,
  );
  const credentials = vendors.psas[psaId].credentials;
  if (credentials.state !== 'set') {
    if (stored) return stored;
    throw new CliError(
      'CONFIGURATION',
      `No saved ${psaId} connection for ${product} and no credentials: set ${credentials.missing.join(', ')}`,
    );
  }
  const result = stored
    ? await bridge.connections.update(stored.id, { credentials: credentials.value })
    : await bridge.connections.testAndSave({
        providerId: psaId,
        product,
        credentials: credentials.value,
      });
  if (!result.saved) {
    throw new PsaBridgeError(
      TEST_REASON_CODES[result.failure.reason],
      `The ${psaId} connection test failed at "${result.failure.step}": ${result.failure.message} Run psa-bridge doctor for the steps.`,
    );
  }
  return result.connection;
}
