import { PsaBridgeError } from '@psa-bridge/core';
import { problem } from '../errors.js';
import { Answer, type RouteInput } from '../route.js';

/**
 * Takes one connection test or run start of the tenant (SPEC H5): `undefined` when it may go on,
 * else the 429 answer with `retry-after`. A partner guessing credentials or flooding its PSA
 * through the handler stops here, before any vendor request.
 */
export function overLimit(input: RouteInput, kind: 'connectionTests' | 'runStarts'): Response | undefined {
  const waitMs = input.limiter.take(input.tenant, kind);
  if (waitMs === 0) return undefined;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const what = kind === 'connectionTests' ? 'connection tests' : 'runs started';
  return problem(
    input.requestId,
    429,
    'RATE_LIMITED',
    `Too many ${what} for this partner: try again in ${seconds} s`,
    { limit: kind, retryAfterMs: waitMs },
    { 'retry-after': String(seconds) },
  );
}

/** `NOT_FOUND` for an id the tenant does not have (another tenant's ids are unknown here). */
export const notFound = (message: string, details: Record<string, string>): PsaBridgeError =>
  new PsaBridgeError('NOT_FOUND', message, { details });

/** Where a run is read: `GET {basePath}/runs/{runId}`. */
export const runLocation = (input: RouteInput, runId: string): string =>
  `${input.basePath}/runs/${encodeURIComponent(runId)}`;

/** The 202 answer of a run started off the request, with its `Location`. */
export const startedRun = <T extends { readonly id: string }>(input: RouteInput, run: T): Answer =>
  new Answer(run, { headers: { location: runLocation(input, run.id) } });
