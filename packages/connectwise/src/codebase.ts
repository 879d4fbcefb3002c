import { PsaBridgeError } from '@psa-bridge/core';
import type { HttpClient } from '@psa-bridge/core/adapter';
import { companyInfoWire } from './wire/schemas.js';

/** The API base URL, which moves when ConnectWise upgrades a cloud instance. */
export interface ApiBase {
  /** `https://api-na.myconnectwise.net/v2025_1/apis/3.0`, discovering the codebase on first use. */
  current(signal: AbortSignal | undefined): Promise<string>;
  /** Reads the codebase again; resolves `true` when it changed (then {@link ApiBase.current} moved). */
  refresh(signal: AbortSignal | undefined): Promise<boolean>;
}

const trimSlashes = (codebase: string): string => codebase.replace(/^\/+|\/+$/g, '');

/**
 * Finds the codebase through the unauthenticated `GET /login/companyinfo/{companyId}` (JSON
 * `null` for an unknown company id: an `AUTHENTICATION` failure), unless one is configured.
 * Nothing is sent until the first call, so a connection test reports every failure itself.
 * @see https://github.com/christaylorcodes/ConnectWiseManageAPI (Connect-CWM.ps1 reads the codebase from /login/companyinfo without credentials)
 */
export function discoverApiBase(
  http: HttpClient,
  origin: string,
  companyId: string,
  configured: string | undefined,
): ApiBase {
  const read = async (refreshSignal: AbortSignal | undefined): Promise<string> => {
    const { data } = await http.request({
      method: 'GET',
      path: `${origin}/login/companyinfo/${encodeURIComponent(companyId)}`,
      schema: companyInfoWire,
      authenticate: false,
      signal: refreshSignal,
    });
    if (data === null) {
      throw new PsaBridgeError(
        'AUTHENTICATION',
        `ConnectWise does not know the company id "${companyId}" at ${origin}: check the company id and the site`,
        { details: { field: 'companyId' } },
      );
    }
    return trimSlashes(data.Codebase);
  };
  let codebase: string | undefined = configured ? trimSlashes(configured) : undefined;
  let pending: Promise<string> | undefined;
  return {
    async current(signal) {
      if (codebase === undefined) {
        // Concurrent first calls share one discovery; a failed one is tried again next time.
        pending ??= read(signal).finally(() => {
          pending = undefined;
        });
        codebase = await pending;
      }
      return `${origin}/${codebase}/apis/3.0`;
    },
    async refresh(signal) {
      if (configured) return false;
      const next = await read(signal);
      const changed = next !== codebase;
      codebase = next;
      return changed;
    },
  };
}
