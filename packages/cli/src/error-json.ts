import { isPsaBridgeError } from '@psa-bridge/core';

/** An error as the CLI prints it: code, message, and what to do with where to read (psa-bridge's words hold no secret). */
export function toErrorJson(error: unknown): {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly docs?: string;
} {
  if (isPsaBridgeError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint, docs: error.docs ?? '' } : {}),
    };
  }
  // Not a psa-bridge error: a bug. Its message could hold anything, so only its name is shown.
  return {
    code: 'INTERNAL',
    message: `Unexpected ${error instanceof Error ? error.name : typeof error}; please report it`,
  };
}
