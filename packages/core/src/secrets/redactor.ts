import { REDACTED_TEXT } from './secret.js';
import { redactEncodedSecrets, secretForms } from './secret-forms.js';

/** Query parameters whose values are always removed from URLs shown in errors and logs. */
const SECRET_QUERY_KEYS = /token|secret|password|passwd|code|key|signature|auth|session/i;
/** Secrets shorter than this are not searched for in text: too many false hits, too little to leak. */
const MIN_SECRET_LENGTH = 4;

/** Decodes percent-escapes for people to read; leaves text that is not valid escaping as it is. */
function readable(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** Removes secrets from text and URLs before they reach an error, a log line or a report. */
export interface Redactor {
  /** `text` with every known secret, in every encoding it travels in, replaced. */
  text(text: string): string;
  /** `url` without user info, with secret-looking query values and every known secret replaced. */
  url(url: string): string;
}

/**
 * A {@link Redactor} for a set of known secret values. `secrets` is read on every call, so a
 * client whose token changes passes a function. Each secret is removed raw, percent- and
 * form-encoded, JSON-escaped and base64-encoded, and any base64 run that decodes to text
 * holding a secret (a Basic header of `user:secret`) is removed whole.
 */
export function createRedactor(secrets: () => Iterable<string> = () => []): Redactor {
  let cachedKey = '';
  let cached: { raw: string[]; forms: string[] } = { raw: [], forms: [] };
  const current = (): { raw: string[]; forms: string[] } => {
    const raw = [...new Set([...secrets()].filter((secret) => secret.length >= MIN_SECRET_LENGTH))];
    const key = raw.join('\u0000');
    if (key !== cachedKey) {
      const forms = new Set<string>();
      for (const secret of raw) for (const form of secretForms(secret)) forms.add(form);
      // Longest first, so a secret that contains another is removed whole.
      cached = { raw, forms: [...forms].sort((a, b) => b.length - a.length) };
      cachedKey = key;
    }
    return cached;
  };
  const text = (input: string): string => {
    const { raw, forms } = current();
    if (raw.length === 0) return input;
    let result = input;
    for (const form of forms) result = result.split(form).join(REDACTED_TEXT);
    return redactEncodedSecrets(result, raw, REDACTED_TEXT);
  };
  return {
    text,
    url(input: string): string {
      let parsed: URL;
      try {
        parsed = new URL(input);
      } catch {
        return text(input);
      }
      parsed.username = '';
      parsed.password = '';
      for (const key of [...parsed.searchParams.keys()]) {
        if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, REDACTED_TEXT);
      }
      return text(readable(text(parsed.toString())));
    },
  };
}
