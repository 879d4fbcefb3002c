import type { Bridge, CallOptions } from '@psa-bridge/core';
import type { z } from 'zod';
import { ANSWERS } from '../answers.js';
import { route } from '../route.js';
import {
  accountsQuery,
  autoMapBody,
  companySearchQuery,
  mappingBody,
  pageQuery,
  refreshBody,
  suggestBody,
} from '../schemas.js';
import { requireConnection } from './connections.js';
import { notFound, overLimit, startedRun } from './limits.js';

/** The GoTo account of this tenant with this key, or `NOT_FOUND`. */
export async function requireAccount(bridge: Bridge, accountKey: string, call?: CallOptions) {
  const account = (await bridge.goto.listAccounts(call)).find((candidate) => candidate.key === accountKey);
  if (!account) throw notFound(`No GoTo account with key "${accountKey}"`, { accountKey });
  return account;
}

const connectionOf = async (bridge: Bridge, params: Readonly<Record<string, string>>) => {
  const connectionId = params.connectionId ?? '';
  await requireConnection(bridge, connectionId);
  return connectionId;
};

export const mappingRoutes = [
  route({
    method: 'get',
    path: '/connections/{connectionId}/accounts',
    operationId: 'mappings.accounts',
    answer: ANSWERS['mappings.accounts'],
    summary:
      'The mapping column a page at a time: GoTo accounts with their mapping, searched (q), filtered, sorted, with counts per filter and when it was refreshed',
    rules: 'C5, R2',
    query: accountsQuery,
    async handle({ bridge, params, query, call }) {
      const connectionId = await connectionOf(bridge, params);
      const { limit, cursor, filter, q, sort } = query as z.infer<typeof accountsQuery>;
      return bridge.mappings.accounts(connectionId, {
        ...call,
        pageSize: limit ?? 50,
        ...(cursor ? { cursor } : {}),
        ...(filter ? { filter } : {}),
        ...(q ? { q } : {}),
        ...(sort ? { sort } : {}),
      });
    },
  }),
  route({
    method: 'post',
    path: '/connections/{connectionId}/refreshes',
    operationId: 'readModel.refresh',
    summary:
      "Refresh the read model of this connection (GoTo accounts, the PSA's companies and the contacts of mapped companies), off the request: answers 202 with the run to follow (Location)",
    rules: 'R1, H4',
    body: refreshBody,
    answer: ANSWERS['runs.get'],
    status: 202,
    async handle(input) {
      const connectionId = await connectionOf(input.bridge, input.params);
      const limited = overLimit(input, 'runStarts');
      if (limited) return limited;
      const options = input.body as z.infer<typeof refreshBody>;
      const run = await input.runs.startRefresh(input.tenant, input.bridge, connectionId, {
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.parts ? { parts: options.parts } : {}),
        ...(options.allowMassRemoval !== undefined ? { allowMassRemoval: options.allowMassRemoval } : {}),
      });
      return startedRun(input, run);
    },
  }),
  route({
    method: 'post',
    path: '/connections/{connectionId}/accounts/{accountKey}/suggest',
    operationId: 'mappings.suggest',
    answer: ANSWERS['mappings.suggest'],
    summary:
      'The automatic search for one account: match found, no matches or multiple matches, with confidence and evidence',
    rules: 'M1, M5',
    body: suggestBody,
    async handle({ bridge, params, body, call }) {
      const connectionId = await connectionOf(bridge, params);
      const account = await requireAccount(bridge, params.accountKey ?? '', call);
      const options = body as z.infer<typeof suggestBody>;
      return bridge.mappings.suggest(connectionId, account, {
        ...call,
        ...(options.domains ? { domains: options.domains } : {}),
        ...(options.domainsFromUsers ? { domainsFromUsers: true } : {}),
      });
    },
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/filters',
    operationId: 'mappings.filters',
    answer: ANSWERS['mappings.filters'],
    summary: "The PSA's company statuses and types, for the manual search's filters",
    rules: 'M2',
    handle: async ({ bridge, params, call }) =>
      bridge.mappings.filters(await connectionOf(bridge, params), call),
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/companies',
    operationId: 'mappings.search',
    answer: ANSWERS['mappings.search'],
    summary: 'The manual search: companies by name, status and type, a page at a time (cursor)',
    rules: 'M2',
    query: companySearchQuery,
    async handle({ bridge, params, query, call }) {
      const connectionId = await connectionOf(bridge, params);
      const { cursor, pageSize, ...search } = query as z.infer<typeof companySearchQuery>;
      return bridge.mappings.search(
        connectionId,
        {
          ...(search.name ? { name: search.name } : {}),
          ...(search.statusIds?.length ? { statusIds: search.statusIds } : {}),
          ...(search.typeIds?.length ? { typeIds: search.typeIds } : {}),
        },
        { ...call, ...(cursor ? { cursor } : {}), ...(pageSize ? { pageSize } : {}) },
      );
    },
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/mappings',
    operationId: 'mappings.list',
    answer: ANSWERS['mappings.list'],
    summary: "The connection's saved mappings, a page at a time (cursor)",
    rules: 'M3',
    query: pageQuery,
    async handle({ bridge, params, query, call }) {
      const { cursor, pageSize } = query as z.infer<typeof pageQuery>;
      return bridge.mappings.list(await connectionOf(bridge, params), {
        ...call,
        ...(cursor ? { cursor } : {}),
        ...(pageSize ? { pageSize } : {}),
      });
    },
  }),
  route({
    method: 'put',
    path: '/connections/{connectionId}/mappings/{accountKey}',
    operationId: 'mappings.save',
    answer: ANSWERS['mappings.save'],
    summary: 'Map an account to a company (Save mapping), or re-point its mapping (Edit mapping)',
    rules: 'M3',
    body: mappingBody,
    async handle({ bridge, params, body, call }) {
      const connectionId = await connectionOf(bridge, params);
      const account = await requireAccount(bridge, params.accountKey ?? '', call);
      const input = body as z.infer<typeof mappingBody>;
      return bridge.mappings.save(
        {
          connectionId,
          accountKey: account.key,
          companyId: input.companyId,
          source: input.source ?? 'manual',
          ...(input.allowInactive ? { allowInactive: true } : {}),
        },
        call,
      );
    },
  }),
  route({
    method: 'delete',
    path: '/connections/{connectionId}/mappings/{accountKey}',
    operationId: 'mappings.delete',
    answer: ANSWERS['mappings.delete'],
    summary: 'Unmap an account',
    rules: 'M3',
    handle: async ({ bridge, params, call }) =>
      bridge.mappings.delete(await connectionOf(bridge, params), params.accountKey ?? '', call),
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/mappings-health',
    operationId: 'mappings.verify',
    answer: ANSWERS['mappings.verify'],
    summary: 'Mappings whose company was deleted, became inactive or was renamed, with a suggested re-map',
    rules: 'M6',
    handle: async ({ bridge, params, call }) =>
      bridge.mappings.verify(await connectionOf(bridge, params), call),
  }),
  route({
    method: 'post',
    path: '/connections/{connectionId}/auto-maps',
    operationId: 'mappings.autoMapAll',
    summary:
      'Map every unmapped account, off the request: answers 202 at once with the run to follow (Location)',
    rules: 'M4, H4, H5',
    body: autoMapBody,
    answer: ANSWERS['runs.get'],
    status: 202,
    async handle(input) {
      const connectionId = await connectionOf(input.bridge, input.params);
      const limited = overLimit(input, 'runStarts');
      if (limited) return limited;
      const options = input.body as z.infer<typeof autoMapBody>;
      const run = await input.runs.startAutoMap(input.tenant, input.bridge, connectionId, {
        ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
        ...(options.save ? { save: options.save } : {}),
        ...(options.onlyUnmapped !== undefined ? { onlyUnmapped: options.onlyUnmapped } : {}),
      });
      return startedRun(input, run);
    },
  }),
];
