import { connectwise } from '@psa-bridge/connectwise';
import type { PsaProvider } from '@psa-bridge/core';
import { datto } from '@psa-bridge/datto';
import { createDemoWorld } from '@psa-bridge/demo';
import { halo } from '@psa-bridge/halo';
import { CliError } from '../cli-error.js';
import { optional, readGroup, VARIABLES, type VariableGroup } from './variables.js';

/** The PSAs the CLI knows. */
export const PSA_IDS = ['connectwise', 'datto', 'halo'] as const;

/** `connectwise`, `datto` or `halo`. */
export type PsaId = (typeof PSA_IDS)[number];

/** One PSA: its provider, and the credentials the environment gives for it (as typed, unchecked). */
export interface PsaSetup {
  /** The provider, configured for where the PSA lives. */
  readonly provider: PsaProvider<unknown>;
  /** The credentials, or the variables that are missing. */
  readonly credentials:
    | { readonly state: 'set'; readonly value: Record<string, string> }
    | { readonly state: 'unset' | 'partial'; readonly missing: readonly string[] };
}

/** How to reach GoTo: the OAuth client and refresh token, and its hosts when not GoTo's own. */
export interface GotoSetup {
  /** The OAuth client and refresh token, or the variables that are missing. */
  readonly auth:
    | {
        readonly state: 'set';
        readonly clientId: string;
        readonly clientSecret: string;
        readonly refreshToken: string;
      }
    | { readonly state: 'unset' | 'partial'; readonly missing: readonly string[] };
  /** The Admin API base URL, when not GoTo's. */
  readonly apiBaseUrl?: string;
  /** The token endpoint base URL, when not GoTo's. */
  readonly authBaseUrl?: string;
}

/** The vendors a command works with. */
export interface Vendors {
  /** `demo` (the built-in simulators in this process) or `environment` (variables). */
  readonly mode: 'demo' | 'environment';
  /** Both PSAs, with or without credentials. */
  readonly psas: Readonly<Record<PsaId, PsaSetup>>;
  /** GoTo. */
  readonly goto: GotoSetup;
  /** Stops what was started. */
  close(): Promise<void>;
}

/** The optional variables that are set, under their credential field names. */
function optionalFields(
  env: Readonly<Record<string, string | undefined>>,
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([field, name]) => {
      const value = optional(env, name);
      return value === undefined ? [] : [[field, value]];
    }),
  );
}

const missingOf = <Name extends string>(group: VariableGroup<Name>, all: readonly Name[]) =>
  group.state === 'partial' ? group.missing : group.state === 'unset' ? all : [];

/** Reads the vendors from the environment, or starts the demo world. */
export async function openVendors(
  env: Readonly<Record<string, string | undefined>>,
  { demo }: { readonly demo: boolean },
): Promise<Vendors> {
  if (demo) return openDemo();
  const cw = readGroup(env, VARIABLES.connectwise);
  const at = readGroup(env, VARIABLES.datto);
  const ha = readGroup(env, VARIABLES.halo);
  const gt = readGroup(env, VARIABLES.goto);
  const discoveryUrl = optional(env, 'AUTOTASK_DISCOVERY_URL');
  const apiBaseUrl = optional(env, 'GOTO_API_BASE_URL');
  const authBaseUrl = optional(env, 'GOTO_AUTH_BASE_URL');
  return {
    mode: 'environment',
    psas: {
      connectwise: {
        provider: connectwise() as PsaProvider<unknown>,
        credentials:
          cw.state === 'set'
            ? {
                state: 'set',
                value: {
                  site: cw.values.CW_SITE,
                  companyId: cw.values.CW_COMPANY_ID,
                  publicKey: cw.values.CW_PUBLIC_KEY,
                  privateKey: cw.values.CW_PRIVATE_KEY,
                  clientId: cw.values.CW_CLIENT_ID,
                },
              }
            : { state: cw.state, missing: missingOf(cw, VARIABLES.connectwise) },
      },
      datto: {
        provider: datto(discoveryUrl ? { discoveryUrl } : {}) as PsaProvider<unknown>,
        credentials:
          at.state === 'set'
            ? {
                state: 'set',
                value: {
                  userName: at.values.AUTOTASK_USERNAME,
                  secret: at.values.AUTOTASK_SECRET,
                  integrationCode: at.values.AUTOTASK_INTEGRATION_CODE,
                },
              }
            : { state: at.state, missing: missingOf(at, VARIABLES.datto) },
      },
      halo: {
        provider: halo() as PsaProvider<unknown>,
        credentials:
          ha.state === 'set'
            ? {
                state: 'set',
                value: {
                  url: ha.values.HALO_URL,
                  clientId: ha.values.HALO_CLIENT_ID,
                  clientSecret: ha.values.HALO_CLIENT_SECRET,
                  ...optionalFields(env, {
                    tenant: 'HALO_TENANT',
                    scope: 'HALO_SCOPE',
                    authUrl: 'HALO_AUTH_URL',
                  }),
                },
              }
            : { state: ha.state, missing: missingOf(ha, VARIABLES.halo) },
      },
    },
    goto: {
      auth:
        gt.state === 'set'
          ? {
              state: 'set',
              clientId: gt.values.GOTO_CLIENT_ID,
              clientSecret: gt.values.GOTO_CLIENT_SECRET,
              refreshToken: gt.values.GOTO_REFRESH_TOKEN,
            }
          : { state: gt.state, missing: missingOf(gt, VARIABLES.goto) },
      ...(apiBaseUrl ? { apiBaseUrl } : {}),
      ...(authBaseUrl ? { authBaseUrl } : {}),
    },
    close: async () => {},
  };
}

async function openDemo(): Promise<Vendors> {
  const world = await createDemoWorld();
  return {
    mode: 'demo',
    psas: {
      connectwise: {
        provider: world.connectwise.provider as PsaProvider<unknown>,
        credentials: { state: 'set', value: { ...world.connectwise.credentials } },
      },
      datto: {
        provider: world.autotask.provider as PsaProvider<unknown>,
        credentials: { state: 'set', value: { ...world.autotask.credentials } },
      },
      halo: {
        provider: world.halo.provider as PsaProvider<unknown>,
        credentials: { state: 'set', value: { ...world.halo.credentials } },
      },
    },
    goto: {
      auth: { state: 'set', ...world.goto.auth },
      apiBaseUrl: world.goto.apiBaseUrl,
      authBaseUrl: world.goto.authBaseUrl,
    },
    close: world.close,
  };
}

/** The one PSA to use: `--psa`, else the only one with credentials, else an error naming the choices. */
export function choosePsa(vendors: Vendors, requested: string | undefined): PsaId {
  if (requested !== undefined) {
    if (!(PSA_IDS as readonly string[]).includes(requested)) {
      throw new CliError('USAGE', `--psa must be one of ${PSA_IDS.join(', ')} (got "${requested}")`);
    }
    return requested as PsaId;
  }
  const configured = PSA_IDS.filter((id) => vendors.psas[id].credentials.state === 'set');
  if (configured.length === 1 && configured[0]) return configured[0];
  if (configured.length === 0) return 'connectwise';
  throw new CliError(
    'USAGE',
    `${configured.join(', ')} all have credentials: choose one with --psa ${PSA_IDS.join('|')}`,
  );
}
