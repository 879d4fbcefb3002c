import { type ConnectionTestFailure, type ErrorCode, isPsaBridgeError } from '@psa-bridge/core';
import { CliError } from './cli-error.js';

/**
 * The CLI's exit codes, one per outcome, so scripts can branch without reading the output.
 *
 * | code | meaning |
 * | ---- | ------- |
 * | 0 | done; every check passed |
 * | 1 | a bug or an unexpected failure (the message says which) |
 * | 2 | wrong usage: unknown command or option, missing argument |
 * | 3 | configuration: credentials missing or malformed, bad `--store`, missing key |
 * | 4 | the vendor refused the credentials (authentication, or GoTo consent) |
 * | 5 | the credentials work but lack a permission |
 * | 6 | the vendor could not be reached (host, DNS, network, timeout) |
 * | 7 | the vendor asked to slow down; try again later |
 * | 8 | the vendor failed or answered something psa-bridge cannot read |
 * | 9 | not found: no such account, company or connection |
 * | 10 | some records failed (an import row GoTo refused, a mapping that needs attention) |
 * | 130 | stopped by Ctrl-C (SIGINT) after the work in flight; run again to go on |
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  configuration: 3,
  authentication: 4,
  permission: 5,
  unreachable: 6,
  rateLimited: 7,
  upstream: 8,
  notFound: 9,
  partial: 10,
  interrupted: 130,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a failed connection-test reason. */
export function exitCodeForReason(reason: ConnectionTestFailure['reason']): ExitCode {
  switch (reason) {
    case 'AUTHENTICATION':
      return EXIT.authentication;
    case 'PERMISSION':
      return EXIT.permission;
    case 'UNREACHABLE':
      return EXIT.unreachable;
    case 'RATE_LIMITED':
      return EXIT.rateLimited;
    case 'UPSTREAM':
    case 'UNEXPECTED_RESPONSE':
      return EXIT.upstream;
  }
}

const BY_CODE: Readonly<Record<ErrorCode, ExitCode>> = {
  CONFIGURATION: EXIT.configuration,
  VALIDATION: EXIT.usage,
  AUTHENTICATION: EXIT.authentication,
  PERMISSION: EXIT.permission,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.unexpected,
  RATE_LIMITED: EXIT.rateLimited,
  UPSTREAM: EXIT.upstream,
  NETWORK: EXIT.unreachable,
  TIMEOUT: EXIT.unreachable,
  RESPONSE_SHAPE: EXIT.upstream,
  ABORTED: EXIT.interrupted,
  STORAGE: EXIT.configuration,
  INTERNAL: EXIT.unexpected,
};

/** The exit code for an error that ended a command. */
export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof CliError) {
    if (error.kind === 'USAGE') return EXIT.usage;
    if (error.kind === 'NOT_FOUND') return EXIT.notFound;
    return EXIT.configuration;
  }
  return isPsaBridgeError(error) ? exitCodeForErrorCode(error.code) : EXIT.unexpected;
}

/** The exit code for a psa-bridge error code (an unknown one is unexpected). */
export function exitCodeForErrorCode(code: string): ExitCode {
  return BY_CODE[code as ErrorCode] ?? EXIT.unexpected;
}
