import { createHash } from 'node:crypto';
import { PsaBridgeError, type SecretKey } from '@psa-bridge/core';
import { createSealer, readSecretKey, type SealedValue } from '@psa-bridge/core/node';

/** A key with the id its sealed values carry. */
export interface NamedKey {
  /** Short, stable name of the key, like `2026-11`. Stored beside every value it sealed. */
  readonly id: string;
  /** 32 bytes: a `Uint8Array`, 64 hex digits or 44 base64 characters. */
  readonly key: SecretKey;
}

/** A key, named or not; an unnamed key's id is derived from it (a hash, never the key). */
export type KeyOption = SecretKey | NamedKey;

/** A sealed credentials value as stored: AES-256-GCM, naming the key that sealed it. */
export interface SealedCredentials extends SealedValue {
  /** Id of the key that sealed it. */
  readonly kid: string;
}

/** Seals with the current key; opens with whichever key a value names. */
export interface KeyRing {
  /** Id of the current key. */
  readonly currentId: string;
  /** Seals with the current key. */
  seal(plaintext: string): SealedCredentials;
  /** Opens with the key the value names; `STORAGE` when that key is not in the ring or fails. */
  open(sealed: SealedCredentials): string;
}

/** The id of an unnamed key: `sha256:` and 12 hex digits of its hash, which reveal nothing of it. */
export function keyIdOf(key: SecretKey): string {
  return `sha256:${createHash('sha256').update(readSecretKey(key)).digest('hex').slice(0, 12)}`;
}

/** A key option as a named key (an unnamed key gets its derived id). */
export const named = (option: KeyOption): NamedKey =>
  typeof option === 'object' && option !== null && 'key' in option && 'id' in option
    ? option
    : { id: keyIdOf(option as SecretKey), key: option as SecretKey };

/** Builds a {@link KeyRing}: the current key seals, every key (current and older) opens. */
export function createKeyRing(current: KeyOption, previous: readonly KeyOption[] = []): KeyRing {
  const currentKey = named(current);
  if (typeof currentKey.id !== 'string' || currentKey.id.trim() === '' || currentKey.id.length > 64) {
    throw new PsaBridgeError('CONFIGURATION', 'A key id must be 1 to 64 characters');
  }
  const sealers = new Map<string, ReturnType<typeof createSealer>>();
  for (const option of [currentKey, ...previous.map(named)]) {
    if (!sealers.has(option.id)) sealers.set(option.id, createSealer(option.key));
  }
  const sealer = sealers.get(currentKey.id) as ReturnType<typeof createSealer>;
  return {
    currentId: currentKey.id,
    seal(plaintext) {
      if (typeof plaintext !== 'string') {
        throw new PsaBridgeError('VALIDATION', 'keyRing.seal(): plaintext must be a string', {
          details: { field: 'plaintext' },
        });
      }
      return { ...sealer.seal(plaintext), kid: currentKey.id };
    },
    open(sealed) {
      checkSealed(sealed);
      const opener = sealers.get(sealed.kid);
      if (!opener) {
        throw new PsaBridgeError(
          'STORAGE',
          `Credentials sealed with key "${sealed.kid}" cannot be opened: pass that key in previousKeys`,
          { details: { keyId: sealed.kid } },
        );
      }
      return opener.open(sealed);
    },
  };
}

/** A sealed value as stored: `{ kid, iv, tag, data }` of strings; anything else is `VALIDATION` naming the field. */
function checkSealed(sealed: unknown): asserts sealed is SealedCredentials {
  if (typeof sealed !== 'object' || sealed === null || Array.isArray(sealed)) {
    throw new PsaBridgeError(
      'VALIDATION',
      'keyRing.open(): sealed must be a sealed value { kid, iv, tag, data }',
      {
        details: { field: 'sealed' },
      },
    );
  }
  for (const field of ['kid', 'iv', 'tag', 'data'] as const) {
    if (typeof (sealed as Record<string, unknown>)[field] !== 'string') {
      throw new PsaBridgeError('VALIDATION', `keyRing.open(): sealed.${field} must be a string`, {
        details: { field: `sealed.${field}` },
      });
    }
  }
}
