/**
 * Datto Autotask PSA adapter for psa-bridge: a read-only `PsaClient` over the REST API V1.0,
 * with zone discovery, JSON filters, paging by re-POSTing to `nextPageUrl`, and Autotask's
 * thread limit of 3 requests per endpoint. Its simulator is `@psa-bridge/datto/fake`.
 *
 * @example
 * ```ts
 * import { datto } from '@psa-bridge/datto';
 * const client = await datto().connect({ userName, secret, integrationCode });
 * const result = await client.testConnection();
 * ```
 *
 * @module
 */
export { AUTOTASK_SECRET_FIELDS, type AutotaskCredentials, autotaskCredentials } from './credentials.js';
export { type AutotaskChangeField, type DattoOptions, datto } from './datto.js';
export type { AutotaskFilter, AutotaskQuery } from './fields.js';
export { AUTOTASK_STATUSES } from './map-records.js';
export { AUTOTASK_DISCOVERY_URL } from './zone.js';
