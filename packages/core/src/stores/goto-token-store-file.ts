import { z } from 'zod';
import type { GotoTokenRecord, GotoTokenStore, StoredGotoTokens } from '../contracts/goto-tokens.js';
import { Secret } from '../secrets/secret.js';
import { createJsonDocumentFile } from './json-document-file.js';
import { createSealer } from './sealer.js';
import type { SecretKey } from './secret-key.js';

const sealedSchema = z.object({
  v: z.literal(1),
  alg: z.literal('aes-256-gcm'),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
const storedSchema = z.object({
  generation: z.number().int().positive(),
  updatedAt: z.string(),
  sealed: sealedSchema,
  expiresAt: z.number().optional(),
  scope: z.string().optional(),
  principal: z.string().optional(),
  needsConsent: z.boolean().optional(),
  refreshingUntil: z.number().optional(),
  refreshingBy: z.string().optional(),
});
const fileSchema = z.object({ version: z.literal(1), tokens: storedSchema.nullable() });
const secretsSchema = z.object({ refreshToken: z.string(), accessToken: z.string().optional() });

/** Options of {@link createJsonFileGotoTokenStore}. */
export interface JsonFileGotoTokenStoreOptions {
  /** The JSON file; created (with its folder) on first write, mode 0600. */
  readonly path: string;
  /** 32-byte key that seals the tokens with AES-256-GCM. */
  readonly secretKey: SecretKey;
  /** Time, for `updatedAt`. @default Date.now */
  readonly now?: () => number;
}

/**
 * A {@link GotoTokenStore} in one JSON file, the tokens sealed with `secretKey`; a file sealed
 * with another key fails with `STORAGE`. Writes are compare-and-set within this process, and the
 * file is replaced atomically; like the other file stores, one process per folder.
 */
export function createJsonFileGotoTokenStore(options: JsonFileGotoTokenStoreOptions): GotoTokenStore {
  const sealer = createSealer(options.secretKey);
  const now = options.now ?? Date.now;
  const file = createJsonDocumentFile(options.path, fileSchema, () => ({
    version: 1 as const,
    tokens: null,
  }));
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const read = async (): Promise<StoredGotoTokens | null> => {
    const stored = (await file.read()).tokens;
    if (!stored) return null;
    const { sealed, ...rest } = stored;
    const secrets = secretsSchema.parse(JSON.parse(sealer.open(sealed)));
    return {
      ...rest,
      refreshToken: new Secret(secrets.refreshToken),
      ...(secrets.accessToken === undefined ? {} : { accessToken: new Secret(secrets.accessToken) }),
    };
  };
  return {
    get: () => serial(read),
    compareAndSet: (expected: number, next: GotoTokenRecord) =>
      serial(async () => {
        const current = await read();
        if ((current?.generation ?? 0) !== expected) return null;
        const { refreshToken, accessToken, ...rest } = next;
        const written = { ...rest, generation: expected + 1, updatedAt: new Date(now()).toISOString() };
        const sealed = sealer.seal(
          JSON.stringify({ refreshToken: refreshToken.reveal(), accessToken: accessToken?.reveal() }),
        );
        await file.write({ version: 1, tokens: { ...written, sealed } });
        return { ...written, refreshToken, ...(accessToken ? { accessToken } : {}) };
      }),
    delete: () =>
      serial(async () => {
        const had = (await file.read()).tokens !== null;
        if (had) await file.write({ version: 1, tokens: null });
        return had;
      }),
  };
}
