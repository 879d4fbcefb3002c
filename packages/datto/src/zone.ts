import { isPsaBridgeError, PsaBridgeError } from '@psa-bridge/core';
import type { HttpClient } from '@psa-bridge/core/adapter';
import { z } from 'zod';

/** Where zone lookups go; any zone answers them. */
export const AUTOTASK_DISCOVERY_URL = 'https://webservices.autotask.net/ATServicesRest/';

const zoneWire = z.object({
  zoneName: z.string().nullish(),
  url: z.string().url(),
  webUrl: z.string().nullish(),
  ci: z.number().nullish(),
});

/** Decides which zone origins the credentials may go to (SPEC C8). */
export interface ZonePolicy {
  /** Origins allowed besides `https://*.autotask.net`, like a simulator's `http://127.0.0.1:4100`. */
  readonly allowedOrigins: readonly string[];
}

/**
 * Whether a zone URL may receive the credentials: https on a host under `autotask.net`, or an
 * origin the app allowed explicitly. The zone comes from an unauthenticated lookup, so its answer
 * is pinned before any secret is sent.
 */
export function isAllowedZone(url: string, policy: ZonePolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (policy.allowedOrigins.includes(parsed.origin)) return true;
  return parsed.protocol === 'https:' && /(^|\.)autotask\.net$/i.test(parsed.hostname);
}

/** The error for a zone answer outside the policy: names the origin, never the credentials. */
export function unpinnedZoneError(url: string): PsaBridgeError {
  let origin = 'an unreadable URL';
  try {
    origin = new URL(url).origin;
  } catch {
    // Left as it is.
  }
  return new PsaBridgeError(
    'UPSTREAM',
    `Autotask's zone is ${origin}, which is not an https autotask.net host; no credentials were sent there (allow it with datto({ allowedZoneOrigins }) if you trust it)`,
    { details: { field: 'zoneUrl', origin } },
  );
}

/** An Autotask zone: the REST base every call of a tenant goes to. */
export interface AutotaskZone {
  /** Like "America East". */
  readonly name?: string;
  /** REST base, ending in `/ATServicesRest/`. */
  readonly url: string;
}

/**
 * Looks up the zone of an API user with the unauthenticated `zoneInformation?user=` call (it
 * proves nothing about the credentials). "Zone information could not be determined" means an
 * unknown user name: `AUTHENTICATION`.
 * @see https://github.com/apigrate/autotask-restapi (zone lookup before the first call; issue 19 on 500s for an unknown user or integration code)
 */
export async function lookUpZone(
  http: HttpClient,
  discoveryUrl: string,
  userName: string,
  signal: AbortSignal | undefined,
): Promise<AutotaskZone> {
  try {
    const { data } = await http.request({
      method: 'GET',
      path: `${discoveryUrl.replace(/\/+$/, '')}/V1.0/zoneInformation`,
      query: { user: userName },
      schema: zoneWire,
      authenticate: false,
      signal,
    });
    return { ...(data.zoneName ? { name: data.zoneName } : {}), url: data.url };
  } catch (error) {
    if (isPsaBridgeError(error, 'AUTHENTICATION') || isPsaBridgeError(error, 'NOT_FOUND')) {
      throw new PsaBridgeError(
        'AUTHENTICATION',
        `Autotask does not know the API user "${userName}": check the user name`,
        {
          cause: error,
          details: { field: 'userName' },
        },
      );
    }
    throw error;
  }
}
