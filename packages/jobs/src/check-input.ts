import { PsaBridgeError } from '@psa-bridge/core';
import { checkTenant } from '@psa-bridge/postgres';
import type { JobQueueOptions } from './job-queue.js';

/** `value` as an object, or `VALIDATION` saying what `where` needs. */
export function requireObject<T>(value: T, where: string, needs: string): NonNullable<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PsaBridgeError('VALIDATION', `${where}: needs ${needs}`);
  }
  return value as NonNullable<T>;
}

/** A tenant id as the stores take it (see `checkTenant` of `@psa-bridge/postgres`), as a call's argument. */
export function checkTenantArgument(tenant: unknown, where: string): asserts tenant is string {
  checkTenant(tenant, where, 'VALIDATION');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job id as the queue gives them (a UUID), checked before any query. */
export function checkJobId(jobId: unknown, where: string): asserts jobId is string {
  if (typeof jobId !== 'string' || !UUID.test(jobId)) {
    throw new PsaBridgeError(
      'VALIDATION',
      `${where}: jobId must be a job id from enqueueImport or enqueueAutoMap`,
      {
        details: { field: 'jobId' },
      },
    );
  }
}

const wholeNumber = (value: unknown, min: number) =>
  value === undefined ||
  (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 1e9);

/** Checks `createJobQueue` options: `CONFIGURATION` naming the field, before anything connects. */
export function checkJobQueueOptions(options: JobQueueOptions): void {
  const fail = (field: string, rule: string): never => {
    throw new PsaBridgeError('CONFIGURATION', `createJobQueue(): ${field} ${rule}`, { details: { field } });
  };
  if (typeof options !== 'object' || options === null) fail('options', 'must be { connectionString, ... }');
  if (typeof options.connectionString !== 'string' || options.connectionString.trim() === '')
    fail('connectionString', 'must be the connection string of the PostgreSQL database');
  if (
    options.schema !== undefined &&
    !(typeof options.schema === 'string' && /^[a-z_][a-z0-9_]{0,49}$/.test(options.schema))
  )
    fail('schema', 'must be lower-case letters, digits and _ (at most 50), not starting with a digit');
  for (const field of [
    'expireInSeconds',
    'maintenanceIntervalSeconds',
    'retryDelaySeconds',
    'maxConnections',
  ] as const)
    if (!wholeNumber(options[field], 1)) fail(field, 'must be a whole number, at least 1');
  if (!wholeNumber(options.retryLimit, 0)) fail('retryLimit', 'must be a whole number, 0 or more');
  if ((options.maxConnections ?? 5) > 1000) fail('maxConnections', 'must be at most 1000');
  if (!wholeNumber(options.scheduleCheckSeconds, 1) || (options.scheduleCheckSeconds ?? 1) > 45)
    fail('scheduleCheckSeconds', 'must be a whole number from 1 to 45');
}
