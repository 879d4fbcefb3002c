import { headerSafeString, isSafeServiceUrl } from '@psa-bridge/core/adapter';
import { z } from 'zod';

/**
 * Datto Autotask PSA credentials (SPEC C3), validated before any request. Only users with the
 * "API User (API-only)" security level can call the REST API.
 * @see https://github.com/KelvinTegelaar/AutotaskAPI (v1.json, the Autotask REST API's Swagger document)
 */
export const autotaskCredentials = z.object({
  /** The API user's user name (an email address). */
  userName: headerSafeString('user name')
    .trim()
    .min(3, 'the API user name is required')
    .regex(/^\S+@\S+$/, 'must be the API user name, an email address'),
  /** The API user's secret. */
  secret: headerSafeString('secret').min(1, 'the secret is required'),
  /** The integration's tracking identifier (ApiIntegrationCode). */
  integrationCode: z
    .string()
    .trim()
    .min(1, 'the integration code is required')
    .regex(/^[A-Za-z0-9]+$/, 'may hold letters and digits only'),
  /** REST base of your zone, like `https://webservices3.autotask.net/ATServicesRest/`; found automatically when absent. */
  zoneUrl: z
    .string()
    .trim()
    .refine(
      isSafeServiceUrl,
      'must be an https URL without a user name or password, like https://webservices3.autotask.net/ATServicesRest/',
    )
    .exactOptional(),
});

/** Parsed Autotask credentials. */
export type AutotaskCredentials = z.infer<typeof autotaskCredentials>;

/** Credential fields that are secret (SPEC C7). */
export const AUTOTASK_SECRET_FIELDS = ['secret'] as const;
