/**
 * msw request handlers for psa-bridge simulators, in their own entry so that only apps that use
 * msw need its types and package. Every adapter's `/fake/msw` entry re-exports
 * {@link mswHandlers}.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { mswHandlers } from '@psa-bridge/core/testing/msw';
 * const server = setupServer(...mswHandlers(connectWiseFake, gotoFake));
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 *
 * @module
 */
import { http, type RequestHandler } from 'msw';
import type { MswRoutable } from './simulator/msw-routes.js';

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
