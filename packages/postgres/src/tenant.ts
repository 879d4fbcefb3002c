import { PsaBridgeError } from '@psa-bridge/core';

/** Checks a tenant id: the app's partner id, 1 to 200 characters of text without control characters. */
export function checkTenant(tenant: unknown, where: string): string {
  if (
    typeof tenant !== 'string' ||
    tenant.length === 0 ||
    tenant.length > 200 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    /[\u0000-\u001f\u007f]/.test(tenant)
  ) {
    throw new PsaBridgeError(
      'CONFIGURATION',
      `${where}: tenant must be the partner's id, 1 to 200 characters of text`,
      {
        details: { field: 'tenant' },
      },
    );
  }
  return tenant;
}
