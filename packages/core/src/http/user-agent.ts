import { isHeaderSafe } from './header-safety.js';

declare const __PSA_BRIDGE_VERSION__: string | undefined;

/** The SDK's version, set when the packages are built (`dev` when run from source). */
export const SDK_VERSION: string =
  typeof __PSA_BRIDGE_VERSION__ === 'string' ? __PSA_BRIDGE_VERSION__ : 'dev';

/**
 * The `User-Agent` psa-bridge sends to every vendor: `psa-bridge/<version>`, then the app's own
 * product token when it gives one (`my-msp-tool/2.1`), so a vendor's support can tell whose calls
 * they are. A suffix with characters a header cannot carry is left out.
 */
export function userAgent(appSuffix?: string): string {
  const base = `psa-bridge/${SDK_VERSION}`;
  const suffix = appSuffix?.trim();
  return suffix && isHeaderSafe(suffix) && suffix.length <= 200 ? `${base} ${suffix}` : base;
}
