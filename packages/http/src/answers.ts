import { z } from 'zod';

/**
 * The success answers of the routes, as zod schemas. The handler builds every JSON answer by
 * parsing what the SDK returned through its route's schema, and the OpenAPI document is generated
 * from the same schemas: what the document says is what a client gets, field for field.
 */

const choice = z.object({ id: z.string(), name: z.string() });

/** A PSA company, vendor-free. */
export const companyAnswer = z.object({
  id: z.string(),
  name: z.string(),
  status: choice.optional(),
  types: z.array(choice).optional(),
  website: z.string().optional(),
});

const account = z.object({ key: z.string(), name: z.string() });

/** A saved mapping (SPEC M3). */
export const mappingAnswer = z.object({
  connectionId: z.string(),
  accountKey: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  source: z.enum(['automatic', 'manual']),
  mappedAt: z.string(),
});

/** A saved connection, never with credentials (SPEC C7). */
export const connectionAnswer = z.object({
  id: z.string(),
  providerId: z.string(),
  product: z.string(),
  label: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A page of a list: `cursor` is `null` on the last page. */
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.string().nullable(), hasMore: z.boolean() });

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

const candidate = z.object({
  company: companyAnswer,
  score: z.number(),
  reason: z.string(),
  domain: z.enum(['agrees', 'conflicts']).optional(),
});

const matchShape = {
  outcome: z.enum(['found', 'none', 'multiple']),
  company: companyAnswer.optional(),
  candidates: z.array(candidate),
  confidence: z.enum(['exact', 'typo', 'domain', 'partial']).optional(),
  safe: z.boolean(),
  evidence: z.array(z.string()),
  skippedRecords: z.number().int().optional(),
};

/** The automatic search's answer (SPEC M1, M5). */
export const matchAnswer = z.object(matchShape);

const autoMapRow = z.object({
  ...matchShape,
  account,
  saved: z.boolean(),
  review: z.boolean(),
  sharedWith: z.array(z.string()).optional(),
  existing: mappingAnswer.optional(),
});

/** The report of an auto-map (SPEC M4). */
export const autoMapReportAnswer = z.object({
  rows: z.array(autoMapRow),
  review: z.array(autoMapRow),
  totals: z.record(z.string(), z.number()),
  companiesRead: z.number().int(),
  skippedRecords: z.number().int(),
});

const reportRow = z.object({
  contactId: z.string(),
  email: z.string(),
  outcome: z.enum(['created', 'existing', 'skipped', 'failed']),
  userKey: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  code: z.string().optional(),
  vendorCode: z.string().optional(),
  retryable: z.boolean().optional(),
  createdInRun: z.number().int().optional(),
  createdAt: z.string().optional(),
  newlyCreated: z.boolean().optional(),
});

/** The report of an import run (SPEC I6, I7). */
export const importReportAnswer = z.object({
  runId: z.string(),
  run: z.number().int(),
  rows: z.array(reportRow),
  totals: z.object({
    created: z.number().int(),
    existing: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    newlyCreated: z.number().int(),
  }),
});

const scopeReport = z.object({
  mode: z.enum(['full', 'incremental', 'reconcile']),
  read: z.number().int(),
  pages: z.number().int().optional(),
  added: z.number().int().optional(),
  changed: z.number().int().optional(),
  removed: z.number().int(),
  confirmed: z.number().int().optional(),
  unknown: z.number().int().optional(),
  resumed: z.boolean().optional(),
  skippedRecords: z.number().int().optional(),
  refreshedAt: z.string(),
});

/** The report of a read-model refresh (SPEC R1). */
export const refreshReportAnswer = z.object({
  connectionId: z.string(),
  accounts: scopeReport.optional(),
  companies: scopeReport.optional(),
  contacts: z
    .object({ companies: z.number().int(), read: z.number().int(), refreshedAt: z.string() })
    .optional(),
});

/** A page of the mapping column (SPEC C5, R2): rows, counts per filter, and how fresh it is. */
export const accountPageAnswer = page(
  z.object({
    account,
    mapping: mappingAnswer.nullable(),
    problem: z
      .enum(['deleted', 'inactive', 'renamed'])
      .optional()
      .describe("What is wrong with the mapping, judged from the read model's companies (M6)"),
  }),
).extend({
  counts: z
    .object({
      all: z.number().int(),
      mapped: z.number().int(),
      unmapped: z.number().int(),
      needsAttention: z.number().int().nullable(),
    })
    .describe('Rows per filter, with `q` applied; needsAttention is null before companies were refreshed'),
  refreshedAt: z
    .string()
    .nullable()
    .describe('When the accounts were last read from GoTo; null when read live for this page'),
});

/** Where a run is (SPEC H4): progress, then its report. */
export const runAnswer = z.object({
  id: z.string().describe('The run id: every run has its own'),
  kind: z.enum(['import', 'auto-map', 'refresh']),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  planId: z.string().optional().describe('For imports: the plan the run was started from'),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  progress: z
    .object({
      done: z.number().int(),
      total: z.number().int().optional(),
      etaMs: z.number().optional(),
      totals: z.record(z.string(), z.number()).optional(),
    })
    .optional(),
  report: z.union([importReportAnswer, autoMapReportAnswer, refreshReportAnswer]).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

const planRow = z.object({
  contactId: z.string(),
  email: z.string().optional(),
  invalidEmail: z.string().optional(),
  firstName: z.string(),
  lastName: z.string(),
  nameDerived: z.boolean(),
  warnings: z.array(z.string()),
  action: z.enum(['create', 'skip']),
  reason: z.string(),
  existingUserKey: z.string().optional(),
});

/** A plan as the client sees it: its own id and rows to show; the sealed plan stays on the server (SPEC H3). */
export const planAnswer = z.object({
  planId: z.string().describe('This plan: every plan has its own id'),
  importId: z.string().describe('The import it runs: plans of the same inputs share it, and its journal'),
  kind: z.enum(['users', 'end-users']),
  connectionId: z.string(),
  accountKey: z.string(),
  companyId: z.string(),
  licenseKeys: z.array(z.string()),
  sendWelcomeEmail: z.boolean(),
  includeInactive: z.boolean(),
  createdAt: z.string(),
  rows: z.array(planRow),
  totals: z.record(z.string(), z.number()),
  seatShortages: z.array(
    z.object({
      licenseKey: z.string(),
      name: z.string().optional(),
      needed: z.number().int(),
      available: z.number().int(),
    }),
  ),
  unknownContactIds: z.array(z.string()),
  runs: z.array(z.string()).optional().describe('The ids of the runs started from this plan, oldest first'),
});

const license = z.object({
  key: z.string(),
  name: z.string().optional(),
  products: z.array(z.string()),
  seats: z.object({ total: z.number(), available: z.number() }).optional(),
});

const gotoUser = z.object({
  key: z.string(),
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  licenseKeys: z.array(z.string()),
  role: z.enum(['member', 'admin']),
});

const weakEndUser = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  channel: z.string(),
  nameSource: z.enum(['email', 'manual']),
  createdAt: z.string(),
});

const credentialField = z.object({
  name: z.string(),
  label: z.string(),
  required: z.boolean(),
  secret: z.boolean(),
  type: z.enum(['string', 'number', 'boolean']),
  pattern: z.string().optional(),
  maxLength: z.number().int().optional(),
});

/** The success answer of every operation, by operation id. */
export const ANSWERS = {
  'providers.list': items(
    z.object({ id: z.string(), displayName: z.string(), fields: z.array(credentialField) }),
  ),
  'products.list': items(z.string()),
  'connections.list': page(connectionAnswer),
  'connections.testAndSave': z.object({
    saved: z.literal(true),
    connection: connectionAnswer,
    facts: z.object({
      requestsUsed: z.number().optional(),
      requestLimit: z.number().optional(),
      serverVersion: z.string().optional(),
    }),
  }),
  'connections.get': connectionAnswer,
  'connections.delete': z.object({ deleted: z.boolean(), mappingsRemoved: z.number().int() }),
  'mappings.accounts': accountPageAnswer,
  'mappings.suggest': matchAnswer,
  'mappings.filters': z.object({
    statuses: z.array(z.object({ id: z.string(), name: z.string(), inactive: z.boolean() })),
    types: z.array(choice),
  }),
  'mappings.search': page(companyAnswer).extend({
    skippedRecords: z.number().int(),
    refreshedAt: z
      .string()
      .nullable()
      .describe("When the read model's copy it was served from was refreshed; null when read from the PSA"),
  }),
  'mappings.list': page(mappingAnswer),
  'mappings.save': mappingAnswer,
  'mappings.delete': z.object({ deleted: z.boolean() }),
  'mappings.verify': z.object({
    checked: z.number().int(),
    healthy: z.number().int(),
    issues: z.array(
      z.object({
        mapping: mappingAnswer,
        problem: z.enum(['deleted', 'inactive', 'renamed']),
        company: companyAnswer.optional(),
        account: account.optional(),
        suggestion: matchAnswer.optional(),
        message: z.string(),
      }),
    ),
    companiesRead: z.number().int(),
  }),
  'goto.listLicenses': items(license),
  'imports.plan': planAnswer,
  'imports.get': planAnswer,
  'runs.list': items(runAnswer),
  'runs.get': runAnswer,
  'runs.cancel': runAnswer,
  'endUsers.resolveInbound': z.union([
    z.object({ kind: z.literal('strong'), user: gotoUser }),
    z.object({ kind: z.literal('weak'), endUser: weakEndUser, created: z.boolean() }),
  ]),
  'endUsers.displayName': z.object({ firstName: z.string(), lastName: z.string(), displayName: z.string() }),
} as const satisfies Record<string, z.ZodType>;
