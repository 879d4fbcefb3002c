import { isWellFormedText } from '@psa-bridge/core/adapter';
import { z } from 'zod';

/** Control characters (NUL among them): never part of an id, a key or a name. */
const hasControl = (value: string): boolean => {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

/** Ids and keys as they travel in paths and bodies: text, not blank, not huge, no control characters. */
export const id = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'is required')
  .max(200, 'is too long')
  .refine(
    (value) => !hasControl(value) && isWellFormedText(value),
    'holds a control character or a lone UTF-16 surrogate',
  );

/** A comma-separated list in a query string (`statusIds=1,2`). */
const list = z
  .string()
  .max(2_000, 'is too long')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** A page size in a query string. */
const pageSize = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);

/** `POST /connections`: test & save (SPEC C2-C4). */
export const newConnectionBody = z.strictObject({
  providerId: id,
  product: id,
  label: z.string().max(200, 'is too long').optional(),
  credentials: z.record(z.string(), z.unknown(), { error: 'must be an object of credential fields' }),
});

/** `PATCH /connections/{connectionId}`: a new label or credentials, re-tested (SPEC C6). */
export const connectionChangesBody = z.strictObject({
  label: z.string().max(200, 'is too long').optional(),
  credentials: z
    .record(z.string(), z.unknown(), { error: 'must be an object of credential fields' })
    .optional(),
});

/** `GET /connections/{connectionId}/companies`: the manual search (SPEC M2). */
export const companySearchQuery = z.strictObject({
  name: z.string().max(200, 'is too long').optional(),
  statusIds: list.optional(),
  typeIds: list.optional(),
  cursor: z.string().max(4_096, 'is not a cursor').optional(),
  pageSize: pageSize(1_000).optional(),
});

/** `GET /connections/{connectionId}/accounts`: a page of the mapping column (SPEC C5, R2). */
export const accountsQuery = z.strictObject({
  limit: pageSize(500).optional(),
  cursor: z.string().max(4_096, 'is not a cursor').optional(),
  filter: z
    .enum(['all', 'unmapped', 'mapped', 'needs-attention'], {
      error: 'must be all, unmapped, mapped or needs-attention',
    })
    .optional(),
  q: z.string().max(200, 'is too long').optional(),
  sort: z.enum(['name', '-name'], { error: 'must be name or -name' }).optional(),
});

/** `POST …/refreshes`: refresh the read model of a connection (SPEC R1), off the request. */
export const refreshBody = z.strictObject({
  mode: z.enum(['full', 'incremental', 'auto', 'reconcile']).optional(),
  parts: z
    .array(z.enum(['accounts', 'companies', 'contacts']), {
      error: 'must list accounts, companies or contacts',
    })
    .min(1)
    .max(3)
    .optional(),
  allowMassRemoval: z.boolean().optional(),
});

/** `GET /connections/{connectionId}/mappings`: a page of mappings. */
export const pageQuery = z.strictObject({
  cursor: z.string().max(4_096, 'is not a cursor').optional(),
  pageSize: pageSize(10_000).optional(),
});

/** `POST …/accounts/{accountKey}/suggest`: the automatic search (SPEC M1, M5). */
export const suggestBody = z.strictObject({
  domains: z
    .array(z.string().max(253, 'is too long'), { error: 'must be a list of domains' })
    .max(50)
    .optional(),
  domainsFromUsers: z.boolean().optional(),
});

/** `PUT …/mappings/{accountKey}`: save or re-point a mapping (SPEC M3). */
export const mappingBody = z.strictObject({
  companyId: id,
  source: z.enum(['automatic', 'manual']).optional(),
  /** Map to a company the PSA has made inactive (refused with 409 otherwise, SPEC R3). */
  allowInactive: z.boolean().optional(),
});

/** `POST …/auto-map`: map every unmapped account (SPEC M4), off the request. */
export const autoMapBody = z.strictObject({
  dryRun: z.boolean().optional(),
  save: z.enum(['safe', 'found']).optional(),
  onlyUnmapped: z.boolean().optional(),
});

/** `POST /imports`: plan an import (SPEC I1-I3); the plan stays on the server. */
export const planBody = z.strictObject({
  connectionId: id,
  accountKey: id,
  licenseKeys: z.array(id, { error: 'must be a list of license keys' }).max(100).optional(),
  includeInactive: z.boolean().optional(),
  sendWelcomeEmail: z.boolean().optional(),
});

/** `POST /imports/{planId}/run`: run the plan, or the chosen contacts of it (SPEC I3-I6). */
export const runBody = z.strictObject({
  contactIds: z.array(id, { error: 'must be a list of contact ids' }).max(100_000).optional(),
  again: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe(
      'Run a plan (or selection) whose run already ended once more: created users are left alone, failures that may pass are retried (SPEC I7)',
    ),
});

/** A write without a body of its own: `{}` (or nothing but the JSON content type). */
export const emptyBody = z.strictObject({});

/** A route without query parameters: any parameter is refused, naming it. */
export const noQuery = z.strictObject({});

/** `GET /runs`: the tenant's runs, newest first. */
export const runListQuery = z.strictObject({
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']).optional(),
  kind: z.enum(['import', 'auto-map']).optional(),
});

/** `POST /end-users/resolve`: an inbound address (SPEC E2, E6). */
export const inboundBody = z.strictObject({
  accountKey: id,
  email: z.string().max(320, 'is too long'),
  channel: z.enum(['email', 'teams', 'console-ticket', 'console-asset']).default('email'),
});

/** `GET /end-users/display-name`: the name an address gets (SPEC E3). */
export const displayNameQuery = z.strictObject({
  email: z.string().min(1, 'is required').max(320, 'is too long'),
});
