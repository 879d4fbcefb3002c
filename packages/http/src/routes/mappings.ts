import { type Bridge, PsaBridgeError } from '@psa-bridge/core';
import type { z } from 'zod';
import { route } from '../route.js';
import { autoMapBody, companySearchQuery, mappingBody, pageQuery, suggestBody } from '../schemas.js';
import { requireConnection } from './connections.js';

/** The GoTo account of this tenant with this key, or `NOT_FOUND`. */
async function requireAccount(bridge: Bridge, accountKey: string) {
  const account = (await bridge.goto.listAccounts()).find((candidate) => candidate.key === accountKey);
  if (!account) {
    throw new PsaBridgeError('NOT_FOUND', `No GoTo account with key "${accountKey}"`, {
      details: { accountKey },
    });
  }
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
    summary: 'The GoTo accounts with their PSA mapping column for this connection',
    rules: 'C5',
    handle: async ({ bridge, params }) => bridge.mappings.accounts(await connectionOf(bridge, params)),
  }),
  route({
    method: 'post',
    path: '/connections/{connectionId}/accounts/{accountKey}/suggest',
    operationId: 'mappings.suggest',
    summary:
      'The automatic search for one account: match found, no matches or multiple matches, with confidence and evidence',
    rules: 'M1, M5',
    body: suggestBody,
    async handle({ bridge, params, body }) {
      const connectionId = await connectionOf(bridge, params);
      const account = await requireAccount(bridge, params.accountKey ?? '');
      const options = body as z.infer<typeof suggestBody>;
      return bridge.mappings.suggest(connectionId, account, {
        ...(options.domains ? { domains: options.domains } : {}),
        ...(options.domainsFromUsers ? { domainsFromUsers: true } : {}),
      });
    },
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/filters',
    operationId: 'mappings.filters',
    summary: "The PSA's company statuses and types, for the manual search's filters",
    rules: 'M2',
    handle: async ({ bridge, params }) => bridge.mappings.filters(await connectionOf(bridge, params)),
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/companies',
    operationId: 'mappings.search',
    summary: 'The manual search: companies by name, status and type, a page at a time (cursor)',
    rules: 'M2',
    query: companySearchQuery,
    async handle({ bridge, params, query }) {
      const connectionId = await connectionOf(bridge, params);
      const { cursor, pageSize, ...search } = query as z.infer<typeof companySearchQuery>;
      return bridge.mappings.search(
        connectionId,
        {
          ...(search.name ? { name: search.name } : {}),
          ...(search.statusIds?.length ? { statusIds: search.statusIds } : {}),
          ...(search.typeIds?.length ? { typeIds: search.typeIds } : {}),
        },
        { ...(cursor ? { cursor } : {}), ...(pageSize ? { pageSize } : {}) },
      );
    },
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/mappings',
    operationId: 'mappings.list',
    summary: "The connection's saved mappings, a page at a time (cursor)",
    rules: 'M3',
    query: pageQuery,
    async handle({ bridge, params, query }) {
      const { cursor, pageSize } = query as z.infer<typeof pageQuery>;
      return bridge.mappings.list(await connectionOf(bridge, params), {
        ...(cursor ? { cursor } : {}),
        ...(pageSize ? { pageSize } : {}),
      });
    },
  }),
  route({
    method: 'put',
    path: '/connections/{connectionId}/mappings/{accountKey}',
    operationId: 'mappings.save',
    summary: 'Map an account to a company (Save mapping), or re-point its mapping (Edit mapping)',
    rules: 'M3',
    body: mappingBody,
    async handle({ bridge, params, body }) {
      const connectionId = await connectionOf(bridge, params);
      const account = await requireAccount(bridge, params.accountKey ?? '');
      const input = body as z.infer<typeof mappingBody>;
      return bridge.mappings.save({
        connectionId,
        accountKey: account.key,
        companyId: input.companyId,
        source: input.source ?? 'manual',
      });
    },
  }),
  route({
    method: 'delete',
    path: '/connections/{connectionId}/mappings/{accountKey}',
    operationId: 'mappings.delete',
    summary: 'Unmap an account',
    rules: 'M3',
    handle: async ({ bridge, params }) =>
      bridge.mappings.delete(await connectionOf(bridge, params), params.accountKey ?? ''),
  }),
  route({
    method: 'get',
    path: '/connections/{connectionId}/mappings-health',
    operationId: 'mappings.verify',
    summary: 'Mappings whose company was deleted, became inactive or was renamed, with a suggested re-map',
    rules: 'M6',
    handle: async ({ bridge, params }) => bridge.mappings.verify(await connectionOf(bridge, params)),
  }),
  route({
    method: 'post',
    path: '/connections/{connectionId}/auto-maps',
    operationId: 'mappings.autoMapAll',
    summary: 'Map every unmapped account, off the request: answers at once with the run to follow',
    rules: 'M4',
    body: autoMapBody,
    status: 202,
    async handle({ tenant, bridge, params, body, runs }) {
      const connectionId = await connectionOf(bridge, params);
      const options = body as z.infer<typeof autoMapBody>;
      return runs.startAutoMap(tenant, bridge, connectionId, {
        ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
        ...(options.save ? { save: options.save } : {}),
        ...(options.onlyUnmapped !== undefined ? { onlyUnmapped: options.onlyUnmapped } : {}),
      });
    },
  }),
  route({
    method: 'get',
    path: '/auto-maps/{runId}',
    operationId: 'autoMaps.status',
    summary: 'Where an auto-map run is: progress, then its report with every account, outcome and candidates',
    rules: 'M4',
    async handle({ tenant, params, runs }) {
      const status = await runs.status(tenant, 'auto-map', params.runId ?? '');
      if (!status) throw new PsaBridgeError('NOT_FOUND', `No auto-map run "${params.runId}"`);
      return status;
    },
  }),
];
