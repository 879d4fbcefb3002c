import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { readSecretKey, type SecretKey } from './secret-key.js';

export { readSecretKey, type SecretKey } from './secret-key.js';

/** A sealed (encrypted and authenticated) value as written to disk. */
export interface SealedValue {
  /** Format version. */
  readonly v: 1;
  /** Algorithm. */
  readonly alg: 'aes-256-gcm';
  /** 12-byte nonce, base64. */
  readonly iv: string;
  /** 16-byte authentication tag, base64. */
  readonly tag: string;
  /** Ciphertext, base64. */
  readonly data: string;
}

/** Seals and opens values with one key. */
export interface Sealer {
  /** Encrypts `plaintext` with a fresh nonce. */
  seal(plaintext: string): SealedValue;
  /** Decrypts; rejects with code `STORAGE` for a wrong key or tampered data. */
  open(sealed: SealedValue): string;
}

/** An AES-256-GCM {@link Sealer} for `key`. */
export function createSealer(key: SecretKey): Sealer {
  const bytes = readSecretKey(key);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', bytes, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        v: 1,
        alg: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
    },
    open(sealed) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', bytes, Buffer.from(sealed.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
        return Buffer.concat([
          decipher.update(Buffer.from(sealed.data, 'base64')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new PsaBridgeError(
          'STORAGE',
          'Cannot open sealed credentials: wrong secret key, or the data was altered',
        );
      }
    },
  };
}
