import { PsaBridgeError } from '@psa-bridge/core';

/** What to run when the schema is missing or old: named in every such error. */
export const RUN_MIGRATE =
  "run migrate({ connectionString }) from '@psa-bridge/postgres' first (it is safe to run on every start)";

/** SQLSTATE codes read here. @see https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNDEFINED_TABLE = '42P01';
const UNDEFINED_COLUMN = '42703';
const UNIQUE_VIOLATION = '23505';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** A cause that keeps only the error's kind and SQLSTATE: PostgreSQL messages can quote row values. */
class DatabaseCause extends Error {
  /** The SQLSTATE or system error code. */
  readonly code: string | undefined;
  constructor(code: string | undefined) {
    super(code ? `PostgreSQL error ${code}` : 'PostgreSQL error');
    this.name = 'DatabaseCause';
    this.code = code;
  }
}

/**
 * Turns what node-postgres throws into a typed error naming what was being done: `CONFIGURATION`
 * for a missing table or column (naming `migrate()`), `CONFLICT` for a unique key, `STORAGE`
 * otherwise. Messages and causes never carry row values, SQL or the connection string.
 */
export function databaseError(error: unknown, doing: string): PsaBridgeError {
  if (error instanceof PsaBridgeError) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const sqlState = typeof code === 'string' ? code : undefined;
  const cause = new DatabaseCause(sqlState);
  if (sqlState === UNDEFINED_TABLE || sqlState === UNDEFINED_COLUMN) {
    return new PsaBridgeError(
      'CONFIGURATION',
      `${doing}: the psa-bridge tables are missing or out of date; ${RUN_MIGRATE}`,
      { cause },
    );
  }
  if (sqlState === UNIQUE_VIOLATION) {
    return new PsaBridgeError('CONFLICT', `${doing}: the row already exists`, { cause });
  }
  if (sqlState && NETWORK_CODES.has(sqlState)) {
    return new PsaBridgeError('STORAGE', `${doing}: cannot reach PostgreSQL (${sqlState})`, { cause });
  }
  return new PsaBridgeError('STORAGE', `${doing} failed${sqlState ? ` (PostgreSQL ${sqlState})` : ''}`, {
    cause,
  });
}
