import { z } from 'zod';
import type { JournalEntry } from '../contracts/stores.js';

const base = { runId: z.string(), at: z.string() };
/** One journal entry as stores keep it: what `append` accepts and `read` yields. */
export const journalEntrySchema: z.ZodType<JournalEntry> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    fingerprint: z.string(),
    run: z.number().int().positive().exactOptional(),
    continues: z.boolean().exactOptional(),
    ...base,
  }),
  z.object({
    type: z.literal('intent'),
    contactId: z.string(),
    email: z.string(),
    run: z.number().int().positive().exactOptional(),
    ...base,
  }),
  z.object({
    type: z.literal('outcome'),
    contactId: z.string(),
    email: z.string(),
    outcome: z.enum(['created', 'existing', 'skipped', 'failed']),
    userKey: z.string().exactOptional(),
    code: z.string().exactOptional(),
    reason: z.string().exactOptional(),
    run: z.number().int().positive().exactOptional(),
    retryable: z.boolean().exactOptional(),
    vendorCode: z.string().exactOptional(),
    message: z.string().exactOptional(),
    warnings: z.array(z.string()).exactOptional(),
    ...base,
  }),
  z.object({ type: z.literal('run-finished'), run: z.number().int().positive().exactOptional(), ...base }),
]) as z.ZodType<JournalEntry>;
