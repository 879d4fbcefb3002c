/**
 * Every `code` a psa-bridge error can carry. Apps branch on these, never on message text.
 *
 * - `CONFIGURATION`: the app set psa-bridge up wrongly (bad options, missing key).
 * - `VALIDATION`: input from a user or an app was rejected before anything was sent.
 * - `AUTHENTICATION`: the vendor refused the credentials (wrong keys, unknown user or company id).
 * - `PERMISSION`: the credentials work but may not read or write what was asked.
 * - `NOT_FOUND`: the thing asked for does not exist.
 * - `CONFLICT`: the vendor refused because of a clash with existing data.
 * - `RATE_LIMITED`: the vendor asked us to slow down and retries ran out.
 * - `UPSTREAM`: the vendor failed (5xx) and retries ran out.
 * - `NETWORK`: no answer: DNS, refused or dropped connection.
 * - `TIMEOUT`: no answer in time.
 * - `RESPONSE_SHAPE`: the vendor answered with a payload psa-bridge cannot read.
 * - `ABORTED`: the caller's `AbortSignal` fired.
 * - `STORAGE`: a store could not read or write its data (corrupt file, bad key).
 * - `INTERNAL`: a bug, in psa-bridge, an adapter or an app callback; the cause keeps only its name.
 */
export type ErrorCode =
  | 'CONFIGURATION'
  | 'VALIDATION'
  | 'AUTHENTICATION'
  | 'PERMISSION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UPSTREAM'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'RESPONSE_SHAPE'
  | 'ABORTED'
  | 'STORAGE'
  | 'INTERNAL';

/** All error codes, for validation and exhaustive tests. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'CONFIGURATION',
  'VALIDATION',
  'AUTHENTICATION',
  'PERMISSION',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM',
  'NETWORK',
  'TIMEOUT',
  'RESPONSE_SHAPE',
  'ABORTED',
  'STORAGE',
  'INTERNAL',
];
