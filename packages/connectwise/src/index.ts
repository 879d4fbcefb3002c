/**
 * ConnectWise PSA (Manage) adapter for psa-bridge: a read-only `PsaClient` over the REST API
 * `/apis/3.0`, with codebase discovery, safe `conditions`, forward-only paging and the core
 * transport's retries. Its simulator is `@psa-bridge/connectwise/fake`.
 *
 * @example
 * ```ts
 * import { connectwise } from '@psa-bridge/connectwise';
 * const client = await connectwise().connect(credentials);
 * const result = await client.testConnection();
 * ```
 *
 * @module
 */
export { type ConnectWiseOptions, connectwise } from './connectwise.js';
export {
  CONNECTWISE_SECRET_FIELDS,
  type ConnectWiseCredentials,
  connectWiseCredentials,
} from './credentials.js';
