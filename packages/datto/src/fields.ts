/**
 * The Autotask fields psa-bridge filters on and reads. Filters are built as JSON objects from
 * these names only, never from user text.
 * @see https://github.com/KelvinTegelaar/AutotaskAPI (v1.json, the Autotask REST API's Swagger document)
 */
export const COMPANY_FIELDS = [
  'id',
  'companyName',
  'companyType',
  'isActive',
  'webAddress',
  'lastActivityDate',
  'lastTrackedModifiedDateTime',
] as const;
/** Contact fields read. */
export const CONTACT_FIELDS = [
  'id',
  'companyID',
  'firstName',
  'lastName',
  'emailAddress',
  'emailAddress2',
  'emailAddress3',
  'isActive',
] as const;

/** A filter item of Autotask's query language. */
export type AutotaskFilter =
  | {
      readonly op: 'eq' | 'noteq' | 'gt' | 'gte' | 'lt' | 'lte' | 'beginsWith' | 'endsWith' | 'contains';
      readonly field: string;
      readonly value: string | number | boolean;
    }
  | { readonly op: 'in' | 'notIn'; readonly field: string; readonly value: readonly (string | number)[] }
  | { readonly op: 'exist' | 'notExist'; readonly field: string }
  | { readonly op: 'and' | 'or'; readonly items: readonly AutotaskFilter[] };

/** The body of `POST /{Entity}/query`; the same body is re-posted to `nextPageUrl`. */
export interface AutotaskQuery {
  readonly filter: readonly AutotaskFilter[];
  readonly IncludeFields: readonly string[];
  readonly MaxRecords: number;
}
