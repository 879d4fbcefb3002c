import { z } from 'zod';
import { callOptionsSchema } from '../bridge/input-schemas.js';
import { Secret } from '../secrets/secret.js';
import type { Stores } from '../stores/create-stores.js';
import { journalEntrySchema } from '../stores/journal-entry-schema.js';
import { MAX_PAGE } from '../stores/page-of.js';
import { isWellFormedText } from '../text/well-formed.js';
import { withArgumentChecks } from './check-arguments.js';
import { guardMethods } from './guard-methods.js';

/** Text every store can hold: well-formed UTF-16 without NUL (PostgreSQL's text refuses NUL). */
const storable = (value: string): boolean => isWellFormedText(value) && !value.includes('\u0000');
const text = z
  .string({ error: 'must be text' })
  .refine(storable, 'holds a NUL character or a lone UTF-16 surrogate');
const id = text.refine((value) => value.trim() !== '', 'must not be empty');
const time = z.number({ error: 'must be a number of milliseconds' }).finite('must be a finite number');
const positive = time.positive('must be above 0');

/** Every string inside a value is storable (a journal entry's texts, say). */
const deeplyStorable = (value: unknown): boolean =>
  typeof value === 'string'
    ? storable(value)
    : Array.isArray(value)
      ? value.every(deeplyStorable)
      : typeof value === 'object' && value !== null
        ? Object.values(value).every(deeplyStorable)
        : true;

const mapping = z.object(
  {
    connectionId: id,
    accountKey: id,
    companyId: id,
    companyName: text,
    source: z.enum(['automatic', 'manual']),
    mappedAt: text,
  },
  { error: 'must be a mapping' },
);
const connectionRecord = z.looseObject(
  {
    id,
    providerId: id,
    product: id,
    label: text,
    createdAt: text,
    updatedAt: text,
    credentials: z.custom(
      (value) => typeof value === 'object' && value !== null,
      'must be sealed credentials (a Secret)',
    ),
  },
  { error: 'must be a connection record' },
);
const weakEndUser = z.object(
  {
    email: id,
    firstName: text,
    lastName: text,
    displayName: text,
    channel: z.enum(['email', 'teams', 'console-ticket', 'console-asset']),
    nameSource: z.enum(['email', 'manual']),
    createdAt: text,
  },
  { error: 'must be a weak end user' },
);
const pageRequest = z.object(
  { after: text.optional(), limit: z.number().int().min(1).max(MAX_PAGE) },
  { error: 'must be { limit, after? }' },
);
const entries = z
  .array(journalEntrySchema, { error: 'must be a list of journal entries' })
  .refine(deeplyStorable, 'holds a NUL character or a lone UTF-16 surrogate');
const lease = z.looseObject(
  { runId: id, owner: id, expiresAt: time, generation: time },
  { error: 'must be a lease from claimLease' },
);
const appendOptions = z
  .looseObject({
    signal: z.instanceof(AbortSignal, { error: 'must be an AbortSignal' }).optional(),
    fence: z.object({ lease, validUntil: time }, { error: 'must be { lease, validUntil }' }).optional(),
  })
  .optional();
const claim = z.object(
  { runId: id, owner: id, now: time, ttlMs: positive },
  { error: 'must be { runId, owner, now, ttlMs }' },
);

const generation = z
  .number({ error: 'must be the generation that was read (0 when none)' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be 0 or more' });
const gotoTokens = z.looseObject(
  {
    refreshToken: z.instanceof(Secret, { error: 'must be a Secret holding the refresh token' }),
    accessToken: z.instanceof(Secret, { error: 'must be a Secret holding the access token' }).optional(),
    expiresAt: z.number().optional(),
    needsConsent: z.boolean().optional(),
    refreshingUntil: z.number().optional(),
  },
  { error: 'must be GoTo tokens { refreshToken: Secret, accessToken?, expiresAt? }' },
);

/**
 * Stores whose methods check their arguments (`VALIDATION` naming the argument and field, before
 * any query) and let only psa-bridge errors out: what a store author wraps a store set in, so an
 * app's bad input never reaches a database as a raw `TypeError` or driver error. Other properties
 * (`tenant`, `close`, `planKey`) are kept as they are.
 */
export function guardStores<S extends Stores>(stores: S, where: string): S {
  return {
    ...stores,
    connections: guardMethods(
      withArgumentChecks(stores.connections, `${where}.connections`, {
        get: [id, callOptionsSchema],
        list: [callOptionsSchema],
        put: [connectionRecord, callOptionsSchema],
        delete: [id, callOptionsSchema],
      }),
      `${where}.connections`,
    ),
    mappings: guardMethods(
      withArgumentChecks(stores.mappings, `${where}.mappings`, {
        get: [id, id, callOptionsSchema],
        list: [id, callOptionsSchema],
        put: [mapping, callOptionsSchema],
        delete: [id, id, callOptionsSchema],
        deleteByConnection: [id, callOptionsSchema],
        listPage: [id, pageRequest, callOptionsSchema],
      }),
      `${where}.mappings`,
    ),
    journal: guardMethods(
      withArgumentChecks(
        stores.journal,
        `${where}.journal`,
        {
          append: [entries, appendOptions],
          read: [id, callOptionsSchema],
          claimLease: [claim, callOptionsSchema],
          renewLease: [lease, time, positive, callOptionsSchema],
          releaseLease: [lease, callOptionsSchema],
        },
        ['read'],
      ),
      `${where}.journal`,
    ),
    weakEndUsers: guardMethods(
      withArgumentChecks(stores.weakEndUsers, `${where}.weakEndUsers`, {
        get: [id, callOptionsSchema],
        put: [weakEndUser, callOptionsSchema],
        delete: [id, callOptionsSchema],
        list: [callOptionsSchema],
        listPage: [pageRequest, callOptionsSchema],
      }),
      `${where}.weakEndUsers`,
    ),
    ...(stores.readModel ? { readModel: guardMethods(stores.readModel, `${where}.readModel`) } : {}),
    ...(stores.gotoTokens
      ? {
          gotoTokens: guardMethods(
            withArgumentChecks(stores.gotoTokens, `${where}.gotoTokens`, {
              get: [callOptionsSchema],
              compareAndSet: [generation, gotoTokens, callOptionsSchema],
              delete: [callOptionsSchema],
            }),
            `${where}.gotoTokens`,
          ),
        }
      : {}),
  };
}
