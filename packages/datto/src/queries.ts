import { type CompanySearch, PsaBridgeError } from '@psa-bridge/core';
import { type AutotaskFilter, type AutotaskQuery, COMPANY_FIELDS, CONTACT_FIELDS } from './fields.js';

/** Autotask's largest page. */
export const MAX_RECORDS = 500;

/** True for a whole number Autotask can hold as an id. */
export function isRecordId(id: string): boolean {
  return /^\d{1,15}$/.test(id);
}

function integers(ids: readonly string[], what: string): number[] {
  return ids.map((id) => {
    if (!/^\d{1,9}$/.test(id)) {
      throw new PsaBridgeError('VALIDATION', `Autotask ${what} ids are whole numbers; got "${id}"`, {
        details: { field: what },
      });
    }
    return Number(id);
  });
}

/**
 * The query for a company search: never company 0 (the MSP's own), the name as a `contains`
 * value, active or inactive from the two statuses, types as picklist values. Built as JSON
 * objects, so no text can change the query's meaning.
 */
export function companyQuery(search: CompanySearch, pageSize: number): AutotaskQuery {
  const filter: AutotaskFilter[] = [{ op: 'gt', field: 'id', value: 0 }];
  const name = search.name?.trim();
  if (name) filter.push({ op: 'contains', field: 'companyName', value: name });
  const statuses = new Set(search.statusIds ?? []);
  for (const status of statuses) {
    if (status !== 'active' && status !== 'inactive') {
      throw new PsaBridgeError(
        'VALIDATION',
        `Autotask company statuses are "active" and "inactive"; got "${status}"`,
        {
          details: { field: 'status' },
        },
      );
    }
  }
  if (statuses.size === 1) filter.push({ op: 'eq', field: 'isActive', value: statuses.has('active') });
  if (search.typeIds?.length)
    filter.push({ op: 'in', field: 'companyType', value: integers(search.typeIds, 'type') });
  return { filter, IncludeFields: COMPANY_FIELDS, MaxRecords: pageSize };
}

/**
 * The query for the contacts of one company (or of every company, for a probe); `isActive` is an
 * integer on contacts.
 */
export function contactQuery(
  companyId: string | undefined,
  activeOnly: boolean,
  pageSize: number,
): AutotaskQuery {
  const filter: AutotaskFilter[] =
    companyId === undefined
      ? [{ op: 'gte', field: 'id', value: 0 }]
      : [{ op: 'eq', field: 'companyID', value: Number(companyId) }];
  if (activeOnly) filter.push({ op: 'eq', field: 'isActive', value: 1 });
  return { filter, IncludeFields: CONTACT_FIELDS, MaxRecords: pageSize };
}

/**
 * The query of one page of companies for the read model: every company but company 0, or with
 * `changedSince` only those whose change time (any of `fields`) is at or after it.
 */
export function companyPageQuery(
  changedSince: string | undefined,
  fields: readonly string[],
  pageSize: number,
): AutotaskQuery {
  const filter: AutotaskFilter[] = [{ op: 'gt', field: 'id', value: 0 }];
  if (changedSince !== undefined) {
    const time = Date.parse(changedSince);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(changedSince) || Number.isNaN(time)) {
      throw new PsaBridgeError('VALIDATION', `changedSince must be an ISO 8601 time; got "${changedSince}"`, {
        details: { field: 'changedSince' },
      });
    }
    const value = new Date(time).toISOString();
    const items = fields.map((field): AutotaskFilter => ({ op: 'gte', field, value }));
    filter.push(items.length === 1 ? (items[0] as AutotaskFilter) : { op: 'or', items });
  }
  return { filter, IncludeFields: COMPANY_FIELDS, MaxRecords: pageSize };
}

/** The query of every company id (reconciliation): ids only. */
export function companyIdQuery(pageSize: number): AutotaskQuery {
  return { filter: [{ op: 'gt', field: 'id', value: 0 }], IncludeFields: ['id'], MaxRecords: pageSize };
}
