import { z } from 'zod';
import {
  callOptionsSchema,
  callSettingsShape,
  companySearchSchema,
  idSchema,
} from '../bridge/input-schemas.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { PsaClient } from '../contracts/psa-client.js';
import { withArgumentChecks } from './check-arguments.js';
import { guardMethods } from './guard-methods.js';

const listOptions = z.looseObject({ ...callSettingsShape, activeOnly: z.boolean().optional() }).optional();
const companyPageRequest = z.looseObject({
  cursor: z.string().max(8192).nullable().optional(),
  changedSince: z.iso.datetime({ offset: true }).optional(),
});
const newUser = z.looseObject({ email: z.string(), firstName: z.string(), lastName: z.string() });
const createOptions = z.looseObject({
  licenseKeys: z.array(idSchema),
  sendWelcomeEmail: z.boolean(),
  existingChecked: z.boolean().optional(),
  ...callSettingsShape,
});

/**
 * A {@link PsaClient} whose methods check their arguments (`VALIDATION` naming the argument) and
 * let only psa-bridge errors out. Every adapter returns its client through this.
 */
export function guardPsaClient(client: PsaClient, where: string): PsaClient {
  return guardMethods(
    withArgumentChecks(
      client,
      where,
      {
        testConnection: [callOptionsSchema],
        searchCompanies: [companySearchSchema, callOptionsSchema],
        listCompanies: [companySearchSchema.optional(), callOptionsSchema],
        getCompany: [idSchema, callOptionsSchema],
        listCompanyStatuses: [callOptionsSchema],
        listCompanyTypes: [callOptionsSchema],
        listContacts: [idSchema, listOptions],
        listCompanyPage: [companyPageRequest, callOptionsSchema],
        listCompanyIds: [callOptionsSchema],
      },
      ['searchCompanies', 'listCompanies', 'listContacts', 'listCompanyIds'],
    ),
    where,
  );
}

/** A {@link GotoClient} with checked arguments and only psa-bridge errors, like {@link guardPsaClient}. */
export function guardGotoClient(client: GotoClient, where: string): GotoClient {
  return guardMethods(
    withArgumentChecks(
      client,
      where,
      {
        listAccounts: [callOptionsSchema],
        listLicenses: [idSchema, callOptionsSchema],
        listUsers: [idSchema, callOptionsSchema],
        findUsersByEmail: [
          idSchema,
          z.array(z.string(), { error: 'must be a list of emails' }),
          callOptionsSchema,
        ],
        createUsers: [idSchema, z.array(newUser, { error: 'must be a list of users' }), createOptions],
        assignLicenses: [idSchema, idSchema, z.array(idSchema), callOptionsSchema],
      },
      ['listUsers'],
    ),
    where,
  );
}
