import { PsaBridgeError } from '@psa-bridge/core';
import { displayNameFromEmail } from '@psa-bridge/core/email';
import type { z } from 'zod';
import { route } from '../route.js';
import { displayNameQuery, inboundBody, planBody, runBody } from '../schemas.js';
import { runEvents } from '../sse.js';
import { requireConnection } from './connections.js';

export const importRoutes = [
  route({
    method: 'get',
    path: '/accounts/{accountKey}/licenses',
    operationId: 'goto.listLicenses',
    summary: 'The licenses of a GoTo account with their free seats, for the import screen',
    rules: 'I1',
    async handle({ bridge, params }) {
      const accountKey = params.accountKey ?? '';
      if (!(await bridge.goto.listAccounts()).some((account) => account.key === accountKey)) {
        throw new PsaBridgeError('NOT_FOUND', `No GoTo account with key "${accountKey}"`, {
          details: { accountKey },
        });
      }
      return { items: await bridge.goto.listLicenses(accountKey) };
    },
  }),
  route({
    method: 'post',
    path: '/imports',
    operationId: 'imports.plan',
    summary:
      "Plan an import (a dry run): the contacts of the account's mapped company, each with its action and reason. The plan stays on the server",
    rules: 'I1-I3',
    body: planBody,
    status: 201,
    async handle({ tenant, bridge, body, plans }) {
      const input = body as z.infer<typeof planBody>;
      const request = {
        connectionId: input.connectionId,
        accountKey: input.accountKey,
        ...(input.licenseKeys ? { licenseKeys: input.licenseKeys } : {}),
        ...(input.includeInactive !== undefined ? { includeInactive: input.includeInactive } : {}),
        ...(input.sendWelcomeEmail !== undefined ? { sendWelcomeEmail: input.sendWelcomeEmail } : {}),
      };
      await requireConnection(bridge, request.connectionId);
      const plan = await bridge.imports.plan(request);
      await plans.put(tenant, { plan, request });
      // What the client sees: the plan's id and rows to show. The sealed plan stays here.
      const { seal, ...shown } = plan;
      return { planId: plan.id, ...shown };
    },
  }),
  route({
    method: 'post',
    path: '/imports/{planId}/run',
    operationId: 'imports.run',
    summary:
      'Run a plan made by POST /imports, or the chosen contacts of it: answers at once with the run to follow',
    rules: 'I3-I6',
    body: runBody,
    status: 202,
    async handle({ tenant, bridge, params, body, plans, runs }) {
      const stored = await plans.get(tenant, params.planId ?? '');
      if (!stored) {
        throw new PsaBridgeError('NOT_FOUND', `No plan "${params.planId}": plan the import again`, {
          details: { planId: params.planId ?? '' },
        });
      }
      const { contactIds } = body as z.infer<typeof runBody>;
      // A selection is planned again by the server with `select`: the client never hands in rows.
      let plan = stored.plan;
      if (contactIds) {
        plan = await bridge.imports.plan({ ...stored.request, select: contactIds });
        await plans.put(tenant, { plan, request: stored.request });
      }
      return runs.startImport(tenant, bridge, plan);
    },
  }),
  route({
    method: 'get',
    path: '/imports/{planId}',
    operationId: 'imports.status',
    summary: 'Where the run of a plan is: progress with ETA and totals, then its report',
    rules: 'I4-I6',
    async handle({ tenant, params, runs }) {
      const status = await runs.status(tenant, 'import', params.planId ?? '');
      if (!status) throw new PsaBridgeError('NOT_FOUND', `No run of plan "${params.planId}"`);
      return status;
    },
  }),
  route({
    method: 'get',
    path: '/imports/{planId}/events',
    operationId: 'imports.events',
    summary: 'The run of a plan as Server-Sent Events: progress events, then done (or failed)',
    rules: 'I4-I6',
    async handle({ tenant, params, runs, request }) {
      const status = await runs.status(tenant, 'import', params.planId ?? '');
      if (!status) throw new PsaBridgeError('NOT_FOUND', `No run of plan "${params.planId}"`);
      return runEvents(request, runs, tenant, 'import', status);
    },
  }),
  route({
    method: 'post',
    path: '/end-users/resolve',
    operationId: 'endUsers.resolveInbound',
    summary:
      'Resolve an inbound address to a strong end user (a GoTo user) or a weak one (created on first contact)',
    rules: 'E2, E6',
    body: inboundBody,
    async handle({ bridge, body }) {
      const request = body as z.infer<typeof inboundBody>;
      return bridge.endUsers.resolveInbound(request);
    },
  }),
  route({
    method: 'get',
    path: '/end-users/display-name',
    operationId: 'endUsers.displayName',
    summary: 'The display name an address gets',
    rules: 'E3',
    query: displayNameQuery,
    handle: async ({ query }) => displayNameFromEmail((query as z.infer<typeof displayNameQuery>).email),
  }),
];
