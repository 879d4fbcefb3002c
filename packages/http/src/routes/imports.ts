import { PsaBridgeError } from '@psa-bridge/core';
import { displayNameFromEmail } from '@psa-bridge/core/email';
import type { z } from 'zod';
import { ANSWERS } from '../answers.js';
import type { StoredPlan } from '../plan-store.js';
import { Answer, type RouteInput, route } from '../route.js';
import { displayNameQuery, inboundBody, planBody, runBody } from '../schemas.js';
import { requireConnection } from './connections.js';
import { notFound, overLimit, runLocation } from './limits.js';
import { requireAccount } from './mappings.js';

/** A stored plan as the client sees it: its own id, the import's id and the rows; never the seal. */
const shown = ({ planId, plan, runs }: StoredPlan) => {
  const { seal, id, ...rest } = plan;
  return { planId, importId: id, ...rest, runs: (runs ?? []).map((run) => run.runId) };
};

const requirePlan = async ({ plans, tenant, params }: RouteInput): Promise<StoredPlan> => {
  const planId = params.planId ?? '';
  const stored = await plans.get(tenant, planId);
  if (!stored)
    throw notFound(`No plan "${planId}" (it expired, or its connection was deleted): plan the import again`, {
      planId,
    });
  return stored;
};

/**
 * Starts a run of a stored plan (SPEC I3-I7, H5). A selection is planned again by the server with
 * `select`: the client never hands in rows. The same request while its run goes on answers that
 * run (a double click starts nothing); once that run ended, running the same plan and selection
 * again takes `again: true`, and is a new run with its own id.
 */
async function startRun(input: RouteInput): Promise<Response | Answer> {
  const stored = await requirePlan(input);
  await requireConnection(input.bridge, stored.plan.connectionId, input);
  const { contactIds, again } = input.body as z.infer<typeof runBody>;
  const selection = contactIds ? [...new Set(contactIds)].sort().join('\u0000') : '';
  const previous = stored.runs?.filter((run) => run.selection === selection).at(-1);
  if (previous) {
    const status = await input.runs.status(input.tenant, previous.runId);
    if (status && (status.state === 'running' || status.state === 'queued')) {
      return new Answer(status, { headers: { location: runLocation(input, status.id) } });
    }
    if (!again) {
      throw new PsaBridgeError(
        'CONFLICT',
        `Plan ${stored.planId} already ran (run ${previous.runId}): GET ${runLocation(input, previous.runId)} for its report. To run it again (nobody is created twice; failures that may pass are retried), send { "again": true }`,
        { details: { planId: stored.planId, runId: previous.runId } },
      );
    }
  }
  const limited = overLimit(input, 'runStarts');
  if (limited) return limited;
  const plan = contactIds
    ? await input.bridge.imports.plan({ ...stored.request, ...input.call, select: contactIds })
    : stored.plan;
  const run = await input.runs.startImport(input.tenant, input.bridge, plan, stored.planId);
  await input.plans.put(input.tenant, {
    ...stored,
    runs: [...(stored.runs ?? []), { runId: run.id, selection }],
  });
  return new Answer(run, { headers: { location: runLocation(input, run.id) } });
}

export const importRoutes = [
  route({
    method: 'get',
    path: '/accounts/{accountKey}/licenses',
    operationId: 'goto.listLicenses',
    summary: 'The licenses of a GoTo account with their free seats, for the import screen',
    rules: 'I1',
    answer: ANSWERS['goto.listLicenses'],
    async handle({ bridge, params, call }) {
      const account = await requireAccount(bridge, params.accountKey ?? '', call);
      return { items: await bridge.goto.listLicenses(account.key, call) };
    },
  }),
  route({
    method: 'post',
    path: '/imports',
    operationId: 'imports.plan',
    summary:
      "Plan an import (a dry run): the contacts of the account's mapped company, each with its action and reason. The plan stays on the server under its own id (Location)",
    rules: 'I1-I3, H3',
    body: planBody,
    answer: ANSWERS['imports.plan'],
    status: 201,
    async handle(input) {
      const body = input.body as z.infer<typeof planBody>;
      const request = {
        connectionId: body.connectionId,
        accountKey: body.accountKey,
        ...(body.licenseKeys ? { licenseKeys: body.licenseKeys } : {}),
        ...(body.includeInactive !== undefined ? { includeInactive: body.includeInactive } : {}),
        ...(body.sendWelcomeEmail !== undefined ? { sendWelcomeEmail: body.sendWelcomeEmail } : {}),
      };
      await requireConnection(input.bridge, request.connectionId, input);
      const plan = await input.bridge.imports.plan({ ...request, ...input.call });
      const stored: StoredPlan = { planId: `plan_${crypto.randomUUID()}`, plan, request };
      await input.plans.put(input.tenant, stored);
      return new Answer(shown(stored), {
        headers: { location: `${input.basePath}/imports/${encodeURIComponent(stored.planId)}` },
      });
    },
  }),
  route({
    method: 'get',
    path: '/imports/{planId}',
    operationId: 'imports.get',
    summary: 'A plan as POST /imports made it, with the ids of the runs started from it',
    rules: 'I1-I3, H3',
    answer: ANSWERS['imports.get'],
    handle: async (input) => shown(await requirePlan(input)),
  }),
  route({
    method: 'post',
    path: '/imports/{planId}/run',
    operationId: 'imports.run',
    summary:
      'Run a plan made by POST /imports, or the chosen contacts of it: answers 202 at once with the new run (Location). A plan whose run ended runs again only with again: true',
    rules: 'I3-I7, H4, H5',
    body: runBody,
    answer: ANSWERS['runs.get'],
    status: 202,
    handle: startRun,
  }),
  route({
    method: 'post',
    path: '/end-users/resolve',
    operationId: 'endUsers.resolveInbound',
    summary:
      'Resolve an inbound address to a strong end user (a GoTo user) or a weak one (created on first contact)',
    rules: 'E2, E6',
    body: inboundBody,
    answer: ANSWERS['endUsers.resolveInbound'],
    async handle({ bridge, body, call }) {
      return bridge.endUsers.resolveInbound({ ...(body as z.infer<typeof inboundBody>), ...call });
    },
  }),
  route({
    method: 'get',
    path: '/end-users/display-name',
    operationId: 'endUsers.displayName',
    summary: 'The display name an address gets',
    rules: 'E3',
    query: displayNameQuery,
    answer: ANSWERS['endUsers.displayName'],
    handle: async ({ query }) => displayNameFromEmail((query as z.infer<typeof displayNameQuery>).email),
  }),
];
