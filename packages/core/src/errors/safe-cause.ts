import { isPsaBridgeError } from './guards.js';

/**
 * What is kept of a foreign error (from fetch, undici, the file system or a library) as the
 * `cause` of a psa-bridge error: its name, its code and its message with secrets removed. The
 * original is dropped, since it may hold request headers, bodies or a secret inside its message
 * (`Headers.append: "…" is an invalid header value`).
 */
export class CauseSummary extends Error {
  /** The original error's `code` (`ECONNREFUSED`, `UND_ERR_SOCKET`, …), when it had one. */
  readonly code: string | undefined;

  constructor(name: string, message: string, code: string | undefined) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/**
 * Reduces `error` to a {@link CauseSummary} (or keeps it when it is a psa-bridge error, which is
 * safe by construction). The nested cause of a `fetch failed` error (the socket error) is folded
 * into the message, so the summary is one level deep.
 */
export function summarizeCause(error: unknown, redact: (text: string) => string): Error | undefined {
  if (error === undefined || error === null) return undefined;
  if (isPsaBridgeError(error)) return error;
  const { name, message, code } = describe(error);
  const inner = error instanceof Error && error.cause !== undefined ? describe(error.cause) : undefined;
  const text = inner ? `${message} (${inner.code ?? inner.name}: ${inner.message})` : message;
  return new CauseSummary(name, redact(text), code ?? inner?.code);
}

function describe(error: unknown): { name: string; message: string; code: string | undefined } {
  if (typeof error !== 'object' || error === null) {
    return { name: 'Error', message: typeof error === 'string' ? error : typeof error, code: undefined };
  }
  const record = error as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof record.name === 'string' ? record.name : 'Error',
    message: typeof record.message === 'string' ? record.message : '',
    code: typeof record.code === 'string' ? record.code : undefined,
  };
}
