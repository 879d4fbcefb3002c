import { PsaBridgeError } from '@psa-bridge/core';
import { isWellFormedText } from '@psa-bridge/core/adapter';

/**
 * Checks a tenant id: the app's partner id, 1 to 200 characters of well-formed text without
 * control characters. A lone UTF-16 surrogate is refused: PostgreSQL would store it as U+FFFD, so
 * `"x\uD800"`, `"x\uDBFF"` and `"x\uFFFD"` would be one tenant and read each other's rows.
 *
 * @param code `CONFIGURATION` for options (stores), `VALIDATION` for a call's argument (jobs).
 */
export function checkTenant(
  tenant: unknown,
  where: string,
  code: 'CONFIGURATION' | 'VALIDATION' = 'CONFIGURATION',
): string {
  if (
    typeof tenant !== 'string' ||
    tenant.length === 0 ||
    tenant.length > 200 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    /[\u0000-\u001f\u007f]/.test(tenant) ||
    !isWellFormedText(tenant)
  ) {
    throw new PsaBridgeError(
      code,
      `${where}: tenant must be the partner's id, 1 to 200 characters of text (no control characters, no lone surrogates)`,
      { details: { field: 'tenant' } },
    );
  }
  return tenant;
}
