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
export { mswHandlers } from '@psa-bridge/core/testing/msw';
