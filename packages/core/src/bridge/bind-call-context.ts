import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { PsaClient } from '../contracts/psa-client.js';
import { withCallDefaults } from '../http/call-settings.js';
import type { EventContext } from '../http/http-events.js';

/** Bridge-wide defaults for every vendor call (see `BridgeOptions.defaults`). */
export type CallDefaults = Pick<CallOptions, 'timeoutMs' | 'retry'>;

/** Where each port method takes its call options (the last argument). */
const PSA_OPTIONS_AT: Readonly<Record<Exclude<keyof PsaClient, 'providerId'>, number>> = {
  testConnection: 0,
  searchCompanies: 1,
  listCompanies: 1,
  getCompany: 1,
  listCompanyStatuses: 0,
  listCompanyTypes: 0,
  listContacts: 1,
  request: 1,
  listCompanyPage: 1,
  listCompanyIds: 0,
};
const GOTO_OPTIONS_AT: Readonly<Record<Exclude<keyof GotoClient, 'addHooks'>, number>> = {
  listAccounts: 0,
  listLicenses: 1,
  listUsers: 1,
  findUsersByEmail: 2,
  createUsers: 2,
  assignLicenses: 3,
  request: 1,
};

/**
 * A view of `target` whose calls carry the bridge's defaults and context: `operation` is the
 * port method (`psa.searchCompanies`), the rest comes from `context`. What a caller passes wins.
 */
function bind<T extends object>(
  target: T,
  optionsAt: Readonly<Record<string, number>>,
  prefix: string,
  defaults: CallDefaults,
  context: EventContext,
): T {
  const view: Record<string, unknown> = {};
  for (const [name, at] of Object.entries(optionsAt)) {
    const method = (target as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    view[name] = (...args: unknown[]) => {
      const call = args[at] as CallOptions | undefined;
      const bound = [...args];
      bound[at] = withCallDefaults(call, defaults, { ...context, operation: `${prefix}.${name}` });
      return method.apply(target, bound);
    };
  }
  return Object.assign(Object.create(target) as T, view);
}

/** A PSA client whose vendor requests name the provider, connection and tenant. */
export function bindPsaClient(client: PsaClient, defaults: CallDefaults, context: EventContext): PsaClient {
  return bind(client, PSA_OPTIONS_AT, 'psa', defaults, context);
}

/** A GoTo client whose vendor requests name GoTo and the tenant. */
export function bindGotoClient(
  client: GotoClient,
  defaults: CallDefaults,
  context: EventContext,
): GotoClient {
  return bind(client, GOTO_OPTIONS_AT, 'goto', defaults, { provider: 'goto', ...context });
}
