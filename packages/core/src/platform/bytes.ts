/** Byte and text encodings written once, without Node's `Buffer`, so the app entry runs anywhere. */

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Base64 of `bytes`, padded. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Unpadded base64url of `bytes`. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of a base64 (or base64url) string, or `undefined` when it is not one. */
export function fromBase64(text: string): Uint8Array | undefined {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal)) return undefined;
  try {
    return Uint8Array.from(atob(normal), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Bytes of as much of a base64 or base64url run as can be read, the way a lenient decoder reads
 * it (a lone last character is dropped): for finding secrets hidden in encoded text.
 */
export function fromBase64Loose(text: string): Uint8Array {
  let clean = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/]/g, '');
  if (clean.length % 4 === 1) clean = clean.slice(0, -1);
  return fromBase64(clean) ?? new Uint8Array(0);
}

/** The UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD). */
export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The Latin-1 bytes of `text`: the low byte of each UTF-16 code unit. */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** `bytes` read as UTF-8 (invalid sequences become U+FFFD). */
export function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** `bytes` read as Latin-1: one character per byte. */
export function latin1Text(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
