import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';

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

/** A 32-byte key: bytes, or a string of 64 hex digits or 44 base64 characters. */
export type SecretKey = Uint8Array | string;

/** Reads a {@link SecretKey}; rejects anything that is not exactly 32 bytes with code `CONFIGURATION`. */
export function readSecretKey(key: SecretKey): Buffer {
  let bytes: Buffer;
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) bytes = Buffer.alloc(0);
  else if (typeof key !== 'string') bytes = Buffer.from(key);
  else if (/^[0-9a-f]{64}$/i.test(key)) bytes = Buffer.from(key, 'hex');
  else bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 32) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'The secret key must be 32 bytes (64 hex digits or 44 base64 characters); generate one with `openssl rand -base64 32`',
    );
  }
  return bytes;
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
