import { z } from 'zod';
import { MAX_PAGE } from '../stores/page-of.js';
import { isWellFormedText } from '../text/well-formed.js';

/** Text psa-bridge can store and send: well-formed UTF-16. */
const text = z.string({ error: 'must be text' }).refine(isWellFormedText, 'holds a lone UTF-16 surrogate');
/** An id or key: non-empty text. */
export const idSchema = text.refine((value) => value.trim() !== '', 'must not be empty');
/** `{ signal? }` and any other call option. */
export const callSettingsShape = {
  signal: z.instanceof(AbortSignal, { error: 'must be an AbortSignal' }).optional(),
  timeoutMs: z
    .number({ error: 'must be a number of milliseconds' })
    .int({ error: 'must be a whole number of milliseconds' })
    .min(1, { error: 'must be at least 1 ms' })
    .max(600_000, { error: 'must be at most 600000 ms (10 minutes)' })
    .optional(),
  retry: z
    .looseObject({
      retries: z
        .number({ error: 'must be a number' })
        .int({ error: 'must be a whole number' })
        .min(0, { error: 'must be 0 or more' })
        .max(20, { error: 'must be at most 20' })
        .optional(),
      maxRetryAfterMs: z
        .number({ error: 'must be a number of milliseconds' })
        .min(0, { error: 'must be 0 or more' })
        .optional(),
    })
    .optional(),
  context: z
    .looseObject({
      provider: z.string().optional(),
      connectionId: z.string().optional(),
      tenant: z.string().optional(),
      operation: z.string().optional(),
    })
    .optional(),
};

export const callOptionsSchema = z.looseObject(callSettingsShape).optional();

const fn = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

/** `connections.testAndSave(input)`. */
export const newConnectionSchema = z.object(
  {
    providerId: idSchema,
    product: idSchema,
    label: text.optional(),
    credentials: z.record(z.string(), z.unknown(), { error: 'must be an object of credential fields' }),
  },
  { error: 'must be an object with providerId, product and credentials' },
);

/** `connections.update(id, changes)`. */
export const connectionChangesSchema = z.object(
  {
    label: text.optional(),
    credentials: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  },
  { error: 'must be an object with label and/or credentials' },
);

/** A GoTo account as `mappings.suggest` takes it. */
export const accountSchema = z.looseObject(
  { key: idSchema, name: text },
  { error: 'must be a GoTo account { key, name }' },
);

/** A company search (name, status ids, type ids). */
export const companySearchSchema = z.object(
  {
    name: text.optional(),
    statusIds: z.array(idSchema).optional(),
    typeIds: z.array(idSchema).optional(),
  },
  { error: 'must be a search { name?, statusIds?, typeIds? }' },
);

/** Options of `mappings.search`: a page of 1 to 1000 companies. */
const cursorSchema = z
  .string({ error: 'must be the cursor of the previous page' })
  .max(4096, 'must be the cursor of the previous page')
  .nullable()
  .optional();

export const searchOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    cursor: cursorSchema,
    pageSize: z.number().int('must be a whole number').min(1).max(1000).optional(),
  })
  .optional();

/** Options of `mappings.accounts`: a page of the mapping column (SPEC R2). */
export const accountPageOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    cursor: cursorSchema,
    pageSize: z.number().int('must be a whole number').min(1).max(500).optional(),
    filter: z.enum(['all', 'unmapped', 'mapped', 'needs-attention']).optional(),
    q: z.string().max(200).optional(),
    sort: z.enum(['name', '-name']).optional(),
  })
  .optional();

/** Options of `bridge.refresh` (SPEC R1). */
export const refreshOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    mode: z.enum(['full', 'incremental', 'auto', 'reconcile']).optional(),
    parts: z
      .array(z.enum(['accounts', 'companies', 'contacts']))
      .min(1)
      .optional(),
    fullEveryMs: z.number().int().min(0).optional(),
    allowMassRemoval: z.boolean().optional(),
    onProgress: fn.optional(),
  })
  .optional();

/** Options of `mappings.list`: a page of 1 to 10,000 mappings. */
export const listOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    cursor: cursorSchema,
    pageSize: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE, `must be at most ${MAX_PAGE}`)
      .optional(),
  })
  .optional();

/** `mappings.save(input)` and `mappings.update(input)`. */
export const mappingInputSchema = z.object(
  {
    connectionId: idSchema,
    accountKey: idSchema,
    companyId: idSchema,
    source: z.enum(['automatic', 'manual']).optional(),
    allowInactive: z.boolean().optional(),
  },
  { error: 'must be { connectionId, accountKey, companyId }' },
);

/** Web or email domains, like `acme.example`. */
const domainsSchema = z.array(z.string().max(253, 'must be a domain of at most 253 characters'), {
  error: 'must be a list of domains like ["acme.example"]',
});

/** Options of `mappings.suggest`. */
export const suggestOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    domains: domainsSchema.optional(),
    domainsFromUsers: z.boolean().optional(),
  })
  .optional();

/** Options of `mappings.autoMapAll`. */
export const autoMapOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    filter: companySearchSchema.optional(),
    dryRun: z.boolean().optional(),
    save: z.enum(['safe', 'found'], { error: "must be 'safe' or 'found'" }).optional(),
    onlyUnmapped: z.boolean().optional(),
    accountDomains: z.record(z.string(), domainsSchema).optional(),
    domainsFromUsers: z.boolean().optional(),
    onProgress: fn.optional(),
  })
  .optional();

/** `imports.plan(request)`. */
export const planRequestSchema = z.looseObject(
  {
    connectionId: idSchema,
    accountKey: idSchema,
    licenseKeys: z.array(idSchema, { error: 'must be a list of license keys' }).optional(),
    select: z
      .union([z.array(idSchema), fn], { error: 'must be a list of contact ids or a function' })
      .optional(),
    includeInactive: z.boolean().optional(),
    sendWelcomeEmail: z.boolean().optional(),
    nameRule: fn.optional(),
    ...callSettingsShape,
  },
  { error: 'must be { connectionId, accountKey, … }' },
);

/** A plan as `imports.run(plan)` takes it back: the fields a run reads. */
export const planSchema = z.looseObject(
  {
    id: idSchema,
    kind: z.enum(['users', 'end-users']),
    connectionId: idSchema,
    accountKey: idSchema,
    licenseKeys: z.array(idSchema),
    sendWelcomeEmail: z.boolean(),
    rows: z.array(
      z.looseObject({
        contactId: z.string(),
        action: z.enum(['create', 'skip']),
        firstName: z.string(),
        lastName: z.string(),
        email: z.string().optional(),
      }),
    ),
  },
  { error: 'must be a plan made by imports.plan()' },
);

/** Options of `imports.run`. */
export const runOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    onProgress: fn.optional(),
    batchSize: z.number().int('must be a whole number').min(1).max(1000).optional(),
  })
  .optional();

/** `endUsers.resolveInbound(request)`. */
export const inboundRequestSchema = z.looseObject(
  {
    accountKey: idSchema,
    email: text,
    channel: z.enum(['email', 'teams', 'console-ticket', 'console-asset']),
    ...callSettingsShape,
  },
  { error: 'must be { accountKey, email, channel }' },
);

/** A weak end user as `endUsers.promote` takes it. */
export const weakEndUserSchema = z.looseObject(
  { email: text, firstName: text, lastName: text },
  { error: 'must be a weak end user' },
);

/** Options of `endUsers.promote`. */
export const promoteOptionsSchema = z
  .looseObject({
    ...callSettingsShape,
    firstName: text.optional(),
    lastName: text.optional(),
  })
  .optional();

/** A page of a keyset listing: `{ after?, limit }`. */
export const pageRequestSchema = z.object(
  {
    after: z.string().optional(),
    limit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE, `must be at most ${MAX_PAGE}`),
  },
  { error: 'must be a page { after?, limit }' },
);
