import {
  fromBase64Loose,
  latin1Bytes,
  latin1Text,
  toBase64,
  toBase64Url,
  utf8Bytes,
  utf8Text,
} from '../platform/bytes.js';
/**
 * Every spelling a secret can travel in (SPEC C7): raw, percent-encoded (as `encodeURIComponent`
 * writes it and as form bodies write it, upper- and lower-case hex), JSON-escaped (as
 * `JSON.stringify` writes it, and with every non-ASCII character as `\uXXXX`), and base64 /
 * base64url of the secret alone. Base64 of a secret inside a longer value (`user:secret` in a
 * Basic header) cannot be listed ahead; {@link containsEncodedSecret} finds those by decoding.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const uri = safeEncode(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  for (const encoded of [uri, form]) {
    if (encoded === undefined) continue;
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    // Form bodies write a space as '+', URLs as '%20'.
    forms.add(encoded.replace(/%20/g, '+'));
  }
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(
    json.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const base64 = toBase64(utf8Bytes(secret));
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(toBase64Url(utf8Bytes(secret)));
  forms.add(toBase64(latin1Bytes(secret)));
  return [...forms].filter((entry) => entry !== '');
}

function safeEncode(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded, so it never travels in that form.
    return undefined;
  }
}

/** Runs of base64 or base64url characters long enough to hide a secret. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

/**
 * Replaces every run of base64 in `text` whose decoded bytes contain a raw secret (a Basic
 * header's `user:secret`, a token wrapped by a vendor) with `replacement`.
 */
export function redactEncodedSecrets(text: string, secrets: readonly string[], replacement: string): string {
  if (secrets.length === 0) return text;
  return text.replace(BASE64_RUN, (run) => (containsEncodedSecret(run, secrets) ? replacement : run));
}

/** True when `run`, read as base64 or base64url from any of its first four offsets, holds a secret. */
export function containsEncodedSecret(run: string, secrets: readonly string[]): boolean {
  const clean = run.replace(/=+$/, '');
  for (let offset = 0; offset < 4 && offset < clean.length; offset += 1) {
    const part = clean.slice(offset);
    const decoded = fromBase64Loose(part);
    const utf8 = utf8Text(decoded);
    const latin1 = latin1Text(decoded);
    if (secrets.some((secret) => utf8.includes(secret) || latin1.includes(secret))) return true;
  }
  return false;
}
