import { z } from 'zod';
import type { MappingStore } from '../contracts/stores.js';
import { createJsonFileCollection } from './json-file-collection.js';
import { mappingKey, mappingStoreOn } from './mapping-store-memory.js';

const mappingSchema = z.object({
  connectionId: z.string(),
  accountKey: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  source: z.enum(['automatic', 'manual']),
  mappedAt: z.string(),
});

/** A {@link MappingStore} in one JSON file at `path`, replaced atomically on every change. */
export function createJsonFileMappingStore(options: { readonly path: string }): MappingStore {
  return mappingStoreOn(createJsonFileCollection(options.path, 'mappings', mappingSchema, mappingKey));
}
