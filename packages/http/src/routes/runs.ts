import type { z } from 'zod';
import { ANSWERS } from '../answers.js';
import { problem } from '../errors.js';
import type { RouteInput } from '../route.js';
import { route } from '../route.js';
import type { RunStatus } from '../runs.js';
import { runListQuery } from '../schemas.js';
import { runEvents } from '../sse.js';
import { notFound } from './limits.js';

const requireRun = async ({ runs, tenant, params }: RouteInput): Promise<RunStatus> => {
  const runId = params.runId ?? '';
  const status = await runs.status(tenant, runId);
  if (!status) throw notFound(`No run "${runId}"`, { runId });
  return status;
};

/** Cancels a run: it stops after the batch in flight, and its report says what was created before. */
async function cancelRun(input: RouteInput): Promise<RunStatus> {
  await requireRun(input);
  const status = await input.runs.cancel(input.tenant, input.params.runId ?? '');
  if (!status) throw notFound(`No run "${input.params.runId}"`, { runId: input.params.runId ?? '' });
  return status;
}

export const runRoutes = [
  route({
    method: 'get',
    path: '/runs',
    operationId: 'runs.list',
    summary: "The tenant's runs, newest first: a page reloaded mid-import finds its run again",
    rules: 'H4',
    query: runListQuery,
    answer: ANSWERS['runs.list'],
    async handle({ runs, tenant, query }) {
      const { state, kind } = query as z.infer<typeof runListQuery>;
      const items = (await runs.list(tenant)).filter(
        (run) => (!state || run.state === state) && (!kind || run.kind === kind),
      );
      return { items };
    },
  }),
  route({
    method: 'get',
    path: '/runs/{runId}',
    operationId: 'runs.get',
    summary: 'Where a run is: progress with ETA and totals, then its report',
    rules: 'I4-I6, M4, H4',
    answer: ANSWERS['runs.get'],
    handle: requireRun,
  }),
  route({
    method: 'get',
    path: '/runs/{runId}/events',
    operationId: 'runs.events',
    summary: 'A run as Server-Sent Events: progress events, then done, failed or cancelled',
    rules: 'I4-I6, H4, H5',
    stream: true,
    async handle(input) {
      const status = await requireRun(input);
      const close = input.limiter.openStream(input.tenant);
      if (!close) {
        return problem(
          input.requestId,
          429,
          'RATE_LIMITED',
          'Too many event streams open for this partner: close one, or poll GET /runs/{runId}',
          { limit: 'streams' },
          { 'retry-after': '5' },
        );
      }
      return runEvents(input.request, input.runs, input.tenant, status, close);
    },
  }),
  route({
    method: 'post',
    path: '/runs/{runId}/cancel',
    operationId: 'runs.cancel',
    summary: 'Cancel a run: it stops after the batch in flight; its report says what was created before',
    rules: 'H5, I6',
    answer: ANSWERS['runs.cancel'],
    handle: cancelRun,
  }),
  route({
    method: 'delete',
    path: '/runs/{runId}',
    operationId: 'runs.delete',
    summary: 'The same as POST /runs/{runId}/cancel',
    rules: 'H5, I6',
    answer: ANSWERS['runs.cancel'],
    handle: cancelRun,
  }),
];
