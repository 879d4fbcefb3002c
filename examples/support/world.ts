/**
 * Where the examples run: the built-in simulators by default, or the real vendors when their
 * credentials are given in environment variables. Values are read here and handed to the SDK;
 * they are never printed (errors name variables, never their values).
 *
 * | variable                                                      | for                                        |
 * | ------------------------------------------------------------- | ------------------------------------------ |
 * | `GOTO_CLIENT_ID`, `GOTO_CLIENT_SECRET`, `GOTO_REFRESH_TOKEN`   | GoTo Admin (OAuth client and a refresh token) |
 * | `CW_SITE`, `CW_COMPANY_ID`, `CW_PUBLIC_KEY`, `CW_PRIVATE_KEY`, `CW_CLIENT_ID` | ConnectWise PSA           |
 * | `AUTOTASK_USERNAME`, `AUTOTASK_SECRET`, `AUTOTASK_INTEGRATION_CODE` | Datto Autotask PSA                    |
 * | `HALO_URL`, `HALO_CLIENT_ID`, `HALO_CLIENT_SECRET`            | HaloPSA (`HALO_TENANT` when hosted and authinfo does not name it) |
 * | `PSA_BRIDGE_WRITE=yes`                                        | allow creating GoTo users (real mode only) |
 *
 * Optional: `GOTO_API_BASE_URL`, `GOTO_AUTH_BASE_URL`, `AUTOTASK_DISCOVERY_URL` (proxies).
 */
import { type ConnectWiseCredentials, connectwise } from '@psa-bridge/connectwise';
import type { GotoClient, PsaProvider } from '@psa-bridge/core';
import { type AutotaskCredentials, datto } from '@psa-bridge/datto';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import type { GoToFake } from '@psa-bridge/goto/fake';
import { type HaloCredentials, halo } from '@psa-bridge/halo';

/** A provider and the credentials a partner would type for it. */
export interface ProviderSetup<Credentials> {
  /** The provider, configured for where its PSA lives. */
  readonly provider: PsaProvider<Credentials>;
  /** Credentials that pass the connection test. */
  readonly credentials: Credentials;
}

/** Where an example runs. */
export interface World {
  /** `simulators` (no credentials) or `real` (credentials from the environment). */
  readonly mode: 'simulators' | 'real';
  /** ConnectWise, when it is part of this world. */
  readonly connectwise?: ProviderSetup<ConnectWiseCredentials>;
  /** Datto Autotask, when it is part of this world. */
  readonly autotask?: ProviderSetup<AutotaskCredentials>;
  /** HaloPSA, when it is part of this world. */
  readonly halo?: ProviderSetup<HaloCredentials>;
  /** The GoTo client. */
  readonly goto: GotoClient;
  /** Whether examples may create GoTo users: always with the simulators, on request for real. */
  readonly writes: boolean;
  /** The GoTo simulator, in simulator mode. */
  readonly gotoFake?: GoToFake;
  /** Stops whatever was started. */
  close(): Promise<void>;
}

const GOTO_VARS = ['GOTO_CLIENT_ID', 'GOTO_CLIENT_SECRET', 'GOTO_REFRESH_TOKEN'] as const;
const CW_VARS = ['CW_SITE', 'CW_COMPANY_ID', 'CW_PUBLIC_KEY', 'CW_PRIVATE_KEY', 'CW_CLIENT_ID'] as const;
const AUTOTASK_VARS = ['AUTOTASK_USERNAME', 'AUTOTASK_SECRET', 'AUTOTASK_INTEGRATION_CODE'] as const;
const HALO_VARS = ['HALO_URL', 'HALO_CLIENT_ID', 'HALO_CLIENT_SECRET'] as const;

/** Reads a group of variables: all set, none set, or an error naming the missing ones. */
function readGroup<const Names extends readonly string[]>(
  env: NodeJS.ProcessEnv,
  names: Names,
): Record<Names[number], string> | undefined {
  const present = names.filter((name) => env[name]?.trim());
  if (present.length === 0) return undefined;
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `Set ${missing.join(', ')} too (${present.join(', ')} ${present.length > 1 ? 'are' : 'is'} set)`,
    );
  }
  return Object.fromEntries(names.map((name) => [name, env[name]?.trim() ?? ''])) as Record<
    Names[number],
    string
  >;
}

/** Opens the world the environment describes: real vendors when GoTo credentials are set. */
export async function openWorld(
  env: NodeJS.ProcessEnv = process.env,
  { latencyMs = 5, largePartner }: { readonly latencyMs?: number; readonly largePartner?: number } = {},
): Promise<World> {
  const gotoVars = readGroup(env, GOTO_VARS);
  const cwVars = readGroup(env, CW_VARS);
  const atVars = readGroup(env, AUTOTASK_VARS);
  const haloVars = readGroup(env, HALO_VARS);
  if (!gotoVars) {
    if (cwVars || atVars || haloVars)
      throw new Error(`Real PSAs need real GoTo too: set ${GOTO_VARS.join(', ')}`);
    // A little latency, so long steps look like they do against the real APIs.
    const world = await createDemoWorld({
      latencyMs,
      ...(largePartner ? { largePartner: { accounts: largePartner } } : {}),
    });
    return {
      mode: 'simulators',
      connectwise: world.connectwise,
      autotask: world.autotask,
      halo: world.halo,
      goto: goto(world.goto),
      writes: true,
      gotoFake: world.gotoFake,
      close: world.close,
    };
  }
  if (!cwVars && !atVars && !haloVars) {
    throw new Error(
      `Set the credentials of a PSA: ${CW_VARS.join(', ')}, ${AUTOTASK_VARS.join(', ')} or ${HALO_VARS.join(', ')}`,
    );
  }
  const discoveryUrl = env.AUTOTASK_DISCOVERY_URL?.trim();
  return {
    mode: 'real',
    ...(cwVars && {
      connectwise: {
        provider: connectwise(),
        credentials: {
          site: cwVars.CW_SITE,
          companyId: cwVars.CW_COMPANY_ID,
          publicKey: cwVars.CW_PUBLIC_KEY,
          privateKey: cwVars.CW_PRIVATE_KEY,
          clientId: cwVars.CW_CLIENT_ID,
        },
      },
    }),
    ...(atVars && {
      autotask: {
        provider: datto(discoveryUrl ? { discoveryUrl } : {}),
        credentials: {
          userName: atVars.AUTOTASK_USERNAME,
          secret: atVars.AUTOTASK_SECRET,
          integrationCode: atVars.AUTOTASK_INTEGRATION_CODE,
        },
      },
    }),
    ...(haloVars && {
      halo: {
        provider: halo(),
        credentials: {
          url: haloVars.HALO_URL,
          clientId: haloVars.HALO_CLIENT_ID,
          clientSecret: haloVars.HALO_CLIENT_SECRET,
          ...(env.HALO_TENANT?.trim() ? { tenant: env.HALO_TENANT.trim() } : {}),
        },
      },
    }),
    goto: goto({
      auth: {
        clientId: gotoVars.GOTO_CLIENT_ID,
        clientSecret: gotoVars.GOTO_CLIENT_SECRET,
        refreshToken: gotoVars.GOTO_REFRESH_TOKEN,
      },
      ...(env.GOTO_API_BASE_URL?.trim() ? { apiBaseUrl: env.GOTO_API_BASE_URL.trim() } : {}),
      ...(env.GOTO_AUTH_BASE_URL?.trim() ? { authBaseUrl: env.GOTO_AUTH_BASE_URL.trim() } : {}),
    }),
    writes: env.PSA_BRIDGE_WRITE === 'yes',
    close: async () => {},
  };
}
