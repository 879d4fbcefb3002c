import { z } from 'zod';
import { createJsonDocumentFile } from './json-document-file.js';
import { createKeyedCollection, type KeyedCollection } from './keyed-collection.js';

/**
 * A {@link KeyedCollection} kept in one JSON file as `{ "version": 1, "<field>": [...] }`,
 * validated on read and replaced atomically on every change.
 */
export function createJsonFileCollection<T>(
  path: string,
  field: string,
  itemSchema: z.ZodType<T>,
  keyOf: (item: T) => string,
): KeyedCollection<T> {
  const fileSchema = z.object({
    version: z.literal(1),
    [field]: z.array(itemSchema),
  }) as unknown as z.ZodType<Record<string, T[]>>;
  const file = createJsonDocumentFile(
    path,
    fileSchema,
    () => ({ version: 1, [field]: [] }) as Record<string, T[]>,
  );
  return createKeyedCollection(keyOf, {
    load: async () => (await file.read())[field] ?? [],
    save: (items) => file.write({ version: 1, [field]: [...items] } as unknown as Record<string, T[]>),
  });
}
