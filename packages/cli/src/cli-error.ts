import { PsaBridgeError } from '@psa-bridge/core';

/** What went wrong in the CLI's own hands: a bad argument, a missing variable, an unknown account. */
export type CliErrorKind = 'USAGE' | 'CONFIGURATION' | 'NOT_FOUND';

/**
 * An error the CLI raises itself, with a message that names what was wrong (never a value of a
 * credential) and decides the exit code.
 */
export class CliError extends PsaBridgeError {
  /** Which kind of problem, for the exit code. */
  readonly kind: CliErrorKind;

  constructor(kind: CliErrorKind, message: string) {
    super(kind === 'USAGE' ? 'VALIDATION' : kind, message);
    this.name = 'CliError';
    this.kind = kind;
  }
}
