import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { fromBase64 } from '../platform/bytes.js';

/** A 32-byte key: bytes, or a string of 64 hex digits or 44 base64 characters. */
export type SecretKey = Uint8Array | string;

/** Reads a {@link SecretKey}; rejects anything that is not exactly 32 bytes with code `CONFIGURATION`. */
export function readSecretKey(key: SecretKey): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (key instanceof Uint8Array) bytes = Uint8Array.from(key);
  else if (typeof key === 'string' && /^[0-9a-f]{64}$/i.test(key)) {
    bytes = Uint8Array.from(key.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  } else if (typeof key === 'string') bytes = fromBase64(key.trim());
  if (bytes?.length !== 32) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      'The secret key must be 32 bytes (64 hex digits or 44 base64 characters); generate one with `openssl rand -base64 32`',
    );
  }
  return bytes;
}
