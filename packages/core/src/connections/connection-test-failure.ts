import type {
  ConnectionTestReason,
  ConnectionTestResult,
  ConnectionTestStep,
} from '../contracts/connection-test.js';
import { ERROR_CODES, type ErrorCode } from '../errors/error-code.js';
import { isHttpError, isPsaBridgeError } from '../errors/guards.js';

const REASONS: Partial<Record<ErrorCode, ConnectionTestReason>> = {
  AUTHENTICATION: 'AUTHENTICATION',
  PERMISSION: 'PERMISSION',
  NETWORK: 'UNREACHABLE',
  TIMEOUT: 'UNREACHABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  RESPONSE_SHAPE: 'UNEXPECTED_RESPONSE',
};

const ADVICE: Record<ConnectionTestReason, string> = {
  AUTHENTICATION: 'Check the credentials and enter them again.',
  PERMISSION: 'Give the API user read access to companies and contacts in the PSA, then test again.',
  UNREACHABLE: 'Check the host name and that the PSA is reachable from here, then test again.',
  RATE_LIMITED: 'The PSA asked to slow down; wait a few minutes and test again.',
  UPSTREAM: 'The PSA failed on its side; try again later.',
  UNEXPECTED_RESPONSE:
    'The PSA answered in a way psa-bridge does not understand; check the host and version.',
};

/**
 * Turns an error met during a connection test into a failed {@link ConnectionTestResult}: the
 * step, a reason to branch on, and a message a partner can act on (SPEC C4). `summary` is the
 * partner-facing first sentence, followed by the vendor's own (redacted) words when the error
 * carries them; without one, the error's own (redacted) message is used.
 * `error` may also be an {@link ErrorCode} when the adapter decided the reason itself.
 * Errors with code `ABORTED` are rethrown: an aborted test has no result.
 */
export function connectionTestFailure(
  step: ConnectionTestStep,
  error: unknown,
  summary?: string,
): ConnectionTestResult {
  if (isPsaBridgeError(error, 'ABORTED')) throw error;
  const code = isPsaBridgeError(error) ? error.code : isErrorCode(error) ? error : undefined;
  const reason: ConnectionTestReason = (code && REASONS[code]) ?? 'UPSTREAM';
  // A malformed answer says more about itself than the step's summary would.
  const lead = isPsaBridgeError(error, 'RESPONSE_SHAPE') ? undefined : summary;
  const vendor = lead && isHttpError(error) && error.vendorMessage ? ` ("${error.vendorMessage}")` : '';
  const detail = lead ? `${lead}${vendor}` : isPsaBridgeError(error) ? error.message : 'Unexpected failure.';
  return { ok: false, step, reason, message: `${withStop(detail)} ${ADVICE[reason]}` };
}

function withStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
