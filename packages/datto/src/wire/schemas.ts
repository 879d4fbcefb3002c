import { z } from 'zod';

/**
 * Zod schemas of the Autotask payloads psa-bridge reads. Unknown fields are ignored.
 * @see https://github.com/KelvinTegelaar/AutotaskAPI (v1.json, the Autotask REST API's Swagger document)
 */

/** A company: `isActive` is a boolean here. */
export const companyWire = z.object({
  id: z.number().int(),
  companyName: z.string(),
  companyType: z.number().int().nullish(),
  isActive: z.boolean().nullish(),
  webAddress: z.string().nullish(),
  lastActivityDate: z.string().nullish(),
  lastTrackedModifiedDateTime: z.string().nullish(),
});

/** A company's id alone, for reconciliation reads. */
export const companyIdWire = z.object({ id: z.number().int() });

/** A contact: `isActive` is an integer (1 or 0) here, unlike companies. */
export const contactWire = z.object({
  id: z.number().int(),
  companyID: z.number().int(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  emailAddress: z.string().nullish(),
  emailAddress2: z.string().nullish(),
  emailAddress3: z.string().nullish(),
  isActive: z.number().int().nullish(),
});

/** A page of a query: `nextPageUrl` is absolute, `null` on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    pageDetails: z.object({
      count: z.number().int(),
      requestCount: z.number().int().nullish(),
      prevPageUrl: z.string().nullish(),
      nextPageUrl: z.string().nullish(),
    }),
  });

/** `GET /{Entity}/{id}`. */
export const itemOf = <T extends z.ZodType>(item: T) => z.object({ item });

/** `GET /ThresholdInformation`: usage against the tenant's hourly budget. */
export const thresholdWire = z.object({
  externalRequestThreshold: z.number().int().nullish(),
  requestThresholdTimeframe: z.number().int().nullish(),
  currentTimeframeRequestCount: z.number().int().nullish(),
});

/** `GET /{Entity}/entityInformation/fields`: picklist values are strings. */
export const fieldsWire = z.object({
  fields: z.array(
    z.object({
      name: z.string(),
      isPickList: z.boolean().nullish(),
      picklistValues: z
        .array(z.object({ value: z.string(), label: z.string(), isActive: z.boolean().nullish() }))
        .nullish(),
    }),
  ),
});

/** A parsed company. */
export type CompanyWire = z.infer<typeof companyWire>;
/** A parsed contact. */
export type ContactWire = z.infer<typeof contactWire>;
