import { z } from 'zod';
import type { WeakEndUserStore } from '../contracts/stores.js';
import { createJsonFileCollection } from './json-file-collection.js';
import { weakEndUserStoreOn } from './weak-end-user-store-memory.js';

const endUserSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  channel: z.enum(['email', 'teams', 'console-ticket', 'console-asset']),
  nameSource: z.enum(['email', 'manual']),
  createdAt: z.string(),
});

/** A {@link WeakEndUserStore} in one JSON file at `path`, replaced atomically on every change. */
export function createJsonFileWeakEndUserStore(options: { readonly path: string }): WeakEndUserStore {
  return weakEndUserStoreOn(
    createJsonFileCollection(options.path, 'endUsers', endUserSchema, (endUser) => endUser.email),
  );
}
