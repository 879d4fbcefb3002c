/**
 * `@psa-bridge/halo`: the HaloPSA adapter, written with `@psa-bridge/core/adapter` alone (SPEC
 * C1). Its simulator is `@psa-bridge/halo/fake`.
 *
 * @packageDocumentation
 */
export { type HaloCredentials, haloCredentials } from './credentials.js';
export { HALO_RATE_LIMIT, type HaloOptions, halo } from './halo.js';
