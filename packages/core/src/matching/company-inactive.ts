import type { CallOptions } from '../contracts/call-options.js';
import type { Company } from '../contracts/company.js';
import type { PsaClient } from '../contracts/psa-client.js';
import { callSettings } from '../http/call-settings.js';

/** Whether the company's status is one the PSA marks inactive (its statuses, as the client lists them). */
export async function isInactive(
  client: PsaClient,
  company: Company,
  options: CallOptions,
): Promise<boolean> {
  if (!company.status) return false;
  const statuses = await client.listCompanyStatuses(callSettings(options));
  return statuses.some((status) => status.id === company.status?.id && status.inactive);
}
