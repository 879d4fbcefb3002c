import { z } from 'zod';
import { MAX_PAGE } from '../stores/page-of.js';
import { isWellFormedText } from '../text/well-formed.js';

/** Text psa-bridge can store and send: well-formed UTF-16. */
const text = z.string({ error: 'must be text' }).refine(isWellFormedText, 'holds a lone UTF-16 surrogate');
/** An id or key: non-empty text. */
export const idSchema = text.refine((value) => value.trim() !== '', 'must not be empty');
/** `{ signal? }` and any other call option. */
export const callOptionsSchema = z
  .looseObject({ signal: z.instanceof(AbortSignal, { error: 'must be an AbortSignal' }).optional() })
  .optional();

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
export const searchOptionsSchema = z
  .looseObject({
    signal: z.instanceof(AbortSignal).optional(),
    pageSize: z.number().int('must be a whole number').min(1).max(1000).optional(),
  })
  .optional();

/** `mappings.save(input)` and `mappings.edit(input)`. */
export const mappingInputSchema = z.object(
  {
    connectionId: idSchema,
    accountKey: idSchema,
    companyId: idSchema,
    source: z.enum(['automatic', 'manual']).optional(),
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
    signal: z.instanceof(AbortSignal, { error: 'must be an AbortSignal' }).optional(),
    domains: domainsSchema.optional(),
    domainsFromUsers: z.boolean().optional(),
  })
  .optional();

/** Options of `mappings.autoMapAll`. */
export const autoMapOptionsSchema = z
  .looseObject({
    signal: z.instanceof(AbortSignal).optional(),
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
    signal: z.instanceof(AbortSignal).optional(),
  },
  { error: 'must be { connectionId, accountKey, … }' },
);

/** A plan as `imports.run(plan)` takes it back: the fields a run reads. */
export const planSchema = z.looseObject(
  {
    id: idSchema,
    kind: z.enum(['users', 'end-users']),
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
    signal: z.instanceof(AbortSignal).optional(),
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
    signal: z.instanceof(AbortSignal).optional(),
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
    signal: z.instanceof(AbortSignal).optional(),
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
