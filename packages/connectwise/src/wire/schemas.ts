import { z } from 'zod';

/**
 * Zod schemas of the ConnectWise payloads psa-bridge reads. Unknown fields are ignored (zod
 * strips them); fields ConnectWise may send as `null` are `nullish`.
 * @see https://github.com/HealthITAU/pyconnectwise (its models are generated from ConnectWise's OpenAPI document)
 */

/** A reference like `status` or `company` on a record: `{id, name, _info}`. */
export const referenceWire = z.object({ id: z.number().int().nullable(), name: z.string().nullish() });

/** `GET /login/companyinfo/{companyId}`: PascalCase; JSON `null` for an unknown company id. */
export const companyInfoWire = z
  .object({
    Codebase: z.string().min(1),
    CompanyName: z.string().nullish(),
    VersionCode: z.string().nullish(),
    IsCloud: z.boolean().nullish(),
  })
  .nullable();

/** `GET /system/info`. */
export const systemInfoWire = z.object({ version: z.string().nullish(), isCloud: z.boolean().nullish() });

/** A company. It has no active flag of its own: that comes from its status. */
export const companyWire = z.object({
  id: z.number().int(),
  name: z.string(),
  identifier: z.string().nullish(),
  status: referenceWire.nullish(),
  types: z.array(referenceWire).nullish(),
  deletedFlag: z.boolean().nullish(),
  website: z.string().nullish(),
  /** Record metadata; `lastUpdated` is the last change (ISO 8601). */
  _info: z.object({ lastUpdated: z.string().nullish() }).nullish(),
});

/** A company's id alone, for reconciliation reads (`fields=id`). */
export const companyIdWire = z.object({ id: z.number().int() });

/** A company status (picklist). */
export const companyStatusWire = z.object({
  id: z.number().int(),
  name: z.string(),
  inactiveFlag: z.boolean().nullish(),
  defaultFlag: z.boolean().nullish(),
});

/** A company type (picklist). */
export const companyTypeWire = z.object({ id: z.number().int(), name: z.string() });

/** One communication item of a contact (email, phone, fax). */
export const communicationItemWire = z.object({
  value: z.string().nullish(),
  defaultFlag: z.boolean().nullish(),
  communicationType: z.string().nullish(),
  type: referenceWire.nullish(),
});

/** A contact; email lives in `communicationItems`, not in a field of its own. */
export const contactWire = z.object({
  id: z.number().int(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  company: referenceWire.nullish(),
  inactiveFlag: z.boolean().nullish(),
  communicationItems: z.array(communicationItemWire).nullish(),
});

/** A parsed company payload. */
export type CompanyWire = z.infer<typeof companyWire>;
/** A parsed contact payload. */
export type ContactWire = z.infer<typeof contactWire>;
