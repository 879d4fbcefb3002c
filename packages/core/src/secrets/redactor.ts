import { REDACTED_TEXT } from './secret.js';

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
  /** `text` with every known secret (and its URL-encoded and base64 forms) replaced. */
  text(text: string): string;
  /** `url` with secret-looking query values and every known secret replaced. */
  url(url: string): string;
}

/**
 * A {@link Redactor} for a set of known secret values. `secrets` is read on every call, so a
 * client whose token changes passes a function.
 */
export function createRedactor(secrets: () => Iterable<string> = () => []): Redactor {
  const forms = (): string[] => {
    const out: string[] = [];
    for (const secret of secrets()) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      out.push(secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'));
    }
    // Longest first, so a secret that contains another is removed whole.
    return [...new Set(out)].sort((a, b) => b.length - a.length);
  };
  const text = (input: string): string => {
    let result = input;
    for (const form of forms()) result = result.split(form).join(REDACTED_TEXT);
    return result;
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
      if (parsed.username || parsed.password) {
        parsed.username = '';
        parsed.password = '';
      }
      for (const key of [...parsed.searchParams.keys()]) {
        if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, REDACTED_TEXT);
      }
      return text(readable(parsed.toString()));
    },
  };
}
