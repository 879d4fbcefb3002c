import { type HttpClient, isPsaBridgeError, PsaBridgeError } from '@psa-bridge/core';
import { z } from 'zod';

/** Where zone lookups go; any zone answers them. */
export const AUTOTASK_DISCOVERY_URL = 'https://webservices.autotask.net/ATServicesRest/';

const zoneWire = z.object({
  zoneName: z.string().nullish(),
  url: z.string().url(),
  webUrl: z.string().nullish(),
  ci: z.number().nullish(),
});

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
 * @see ../../shared/vendor/connectwise-autotask.md B1
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
