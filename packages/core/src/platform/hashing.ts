import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** A SHA-256 or HMAC-SHA256 fed piece by piece, so a plan of 100,000 rows is never one string. */
export interface StreamingHash {
  /** Adds UTF-8 text. */
  update(text: string): StreamingHash;
  /** The digest; the hash cannot be fed after this. */
  digest(): Uint8Array;
}

/** The parts of `node:crypto` used when the runtime has them (Node, Deno, Bun): native speed. */
interface NativeHashing {
  createHash(algorithm: 'sha256'): { update(text: string): unknown; digest(): Uint8Array };
  createHmac(algorithm: 'sha256', key: Uint8Array): { update(text: string): unknown; digest(): Uint8Array };
}

/**
 * `node:crypto` through `process.getBuiltinModule` (Node 20.16+), never a static import: the
 * app entry then bundles for platforms without Node's modules, where the audited pure-JS
 * `@noble/hashes` computes the same digests.
 */
const native: NativeHashing | undefined = (() => {
  const load = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process
    ?.getBuiltinModule;
  try {
    return load?.('node:crypto') as NativeHashing | undefined;
  } catch {
    return undefined;
  }
})();

const encoder = new TextEncoder();

function wrapNative(hash: { update(text: string): unknown; digest(): Uint8Array }): StreamingHash {
  const stream: StreamingHash = {
    update(text) {
      hash.update(text);
      return stream;
    },
    digest: () => new Uint8Array(hash.digest()),
  };
  return stream;
}

function wrapNoble(hash: { update(bytes: Uint8Array): unknown; digest(): Uint8Array }): StreamingHash {
  const stream: StreamingHash = {
    update(text) {
      hash.update(encoder.encode(text));
      return stream;
    },
    digest: () => hash.digest(),
  };
  return stream;
}

/** A streaming SHA-256. */
export function createSha256(): StreamingHash {
  return native ? wrapNative(native.createHash('sha256')) : wrapNoble(sha256.create());
}

/** A streaming HMAC-SHA256 under `key`. */
export function createHmacSha256(key: Uint8Array): StreamingHash {
  return native ? wrapNative(native.createHmac('sha256', key)) : wrapNoble(hmac.create(sha256, key));
}

/** `length` random bytes from the platform's cryptographic generator. */
export function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** Whether two byte strings are equal, in time that depends on their length only. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
