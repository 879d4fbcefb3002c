/**
 * msw request handlers for the Autotask simulator (and any other psa-bridge simulator), in their
 * own entry so that only apps that use msw need its types and package.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { mswHandlers } from '@psa-bridge/datto/fake/msw';
 * const server = setupServer(...mswHandlers(fake));
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 *
 * @module
 */
import type { MswRoutable } from '@psa-bridge/core/testing';
import { http, type RequestHandler } from 'msw';

/**
 * msw handlers that answer each simulator's vendor URLs (its `mswRoutes`) with the simulator;
 * pass several simulators to serve them all from one msw server.
 */
export function mswHandlers(...simulators: readonly MswRoutable[]): RequestHandler[] {
  return simulators.flatMap((simulator) =>
    simulator.mswRoutes.map((route) =>
      http[route.method](route.url, ({ request }) => simulator.handle(request)),
    ),
  );
}
