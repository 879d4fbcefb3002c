import { z } from 'zod';

/**
 * Characters an HTTP header value can carry: visible ASCII, space and tab inside, and Latin-1
 * letters (fetch sends header values as bytes of ISO-8859-1). CR, LF, NUL and every other control
 * character, and anything past U+00FF, make fetch throw, with the value in its message.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\xa0-\xff]*$/;

/** True when `value` can be sent as an HTTP header value as it is. */
export function isHeaderSafe(value: string): boolean {
  return HEADER_VALUE.test(value);
}

/** The names of the headers in `headers` whose values cannot be sent (never the values). */
export function unsafeHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([, value]) => typeof value !== 'string' || !isHeaderSafe(value))
    .map(([name]) => name);
}

/**
 * A zod string for a credential sent as (or inside) an HTTP header: a value with a line break,
 * a control character or a character outside Latin-1 is refused, naming `field` and never the
 * value, before any request.
 */
export function headerSafeString(field: string): z.ZodString {
  return z
    .string()
    .refine(
      isHeaderSafe,
      `the ${field} holds a line break, a control character or a character outside Latin-1`,
    );
}
