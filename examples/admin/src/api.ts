/**
 * The page's only way to the server: the routes of `@psa-bridge/http`, JSON in and out. Types
 * come from the public entries of the SDK (type-only imports: nothing of the SDK is bundled).
 */
import type { Connection, ConnectionTestFailure, Mapping, PlanRow } from '@psa-bridge/core';
import type { CredentialField } from '@psa-bridge/http';

export type {
  AutoMapReport,
  AutoMapRow,
  CompanyStatus,
  CompanyType,
  Connection,
  ConnectionTestFailure,
  ImportReport,
  License,
  Mapping,
  MatchCandidate,
  MatchResult,
  PlanRow,
} from '@psa-bridge/core';
export type { CredentialField, RunStatus } from '@psa-bridge/http';

/** Where the app mounted `createHttpHandler`. */
export const BASE_PATH = '/psa-bridge';

/** An error answer of the API: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/**
 * Calls one route; rejects with {@link ApiError} on an error answer. Every write is JSON, an
 * empty one as `{}`: the handler refuses any other write (it is how it tells a page of its own
 * from a cross-site form).
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const write = method !== 'GET';
  const response = await fetch(`${BASE_PATH}${path}`, {
    method,
    headers: write ? { 'content-type': 'application/json' } : {},
    ...(write ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const json = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: Record<string, unknown> };
  } | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.error?.code ?? 'ERROR',
      json?.error?.message ?? `The server answered ${response.status}`,
      json?.error?.details,
    );
  }
  return json as T;
}

/** A provider as `GET /providers` describes it. */
export interface ProviderInfo {
  readonly id: string;
  readonly displayName: string;
  readonly fields: readonly CredentialField[];
}

/** A list answer. */
export interface Items<T> {
  readonly items: readonly T[];
}

/** A page answer (cursor paging). */
export interface PageAnswer<T> extends Items<T> {
  readonly cursor?: string | null;
  readonly hasMore: boolean;
}

/** The answer of test & save and of edit; a failed test is an error answer (422) with `details.failure`. */
export interface SaveAnswer {
  readonly saved: true;
  readonly connection: Connection;
}

/** The failed connection test of a 422 answer, if that is what `error` is. */
export function testFailureOf(error: unknown): ConnectionTestFailure | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  return error.details?.failure as ConnectionTestFailure | undefined;
}

/** A row of the mapping column. */
export interface AccountRow {
  readonly account: { readonly key: string; readonly name: string };
  readonly mapping: Mapping | null;
  /** What is wrong with the mapping, from the read model (M6). */
  readonly problem?: 'deleted' | 'inactive' | 'renamed';
}

/** The plan as the server shows it: its id and its rows; the plan itself stays on the server. */
export interface PlanAnswer {
  readonly planId: string;
  readonly accountKey: string;
  readonly runs: readonly string[];
  readonly rows: readonly PlanRow[];
  readonly totals: Readonly<Record<string, number>>;
  readonly seatShortages: readonly {
    readonly licenseKey: string;
    readonly needed: number;
    readonly available: number;
  }[];
}

/** What the app's own `GET /app/setup.json` says: where it runs, and the demo credentials there. */
export interface AppSetup {
  readonly mode: 'simulators' | 'real';
  readonly demoCredentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly writes: boolean;
}

/** Reads the app's setup (not a psa-bridge route: the app's own). */
export async function loadSetup(): Promise<AppSetup> {
  const response = await fetch('/app/setup.json');
  return (await response.json()) as AppSetup;
}

/** Words a partner reads for an error. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
