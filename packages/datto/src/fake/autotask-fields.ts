import type { AtPicklistValue } from './autotask-data.js';

/** A field's type as `entityInformation/fields` states it. */
export type AtFieldType = 'long' | 'integer' | 'string' | 'boolean' | 'datetime' | 'double';

/** One field of an entity. */
export interface AtField {
  readonly name: string;
  readonly dataType: AtFieldType;
  /** The picklist whose values the field takes, by name. */
  readonly picklist?: 'companyType' | 'classification';
}

/**
 * The fields of the entities the simulator serves, with their types, after the REST API's
 * Swagger document: companies' `isActive` is a boolean, contacts' an integer (1 or 0).
 * @see https://github.com/KelvinTegelaar/AutotaskAPI (v1.json, the Autotask REST API's Swagger document)
 */
export const AT_FIELDS: Readonly<Record<'companies' | 'contacts', readonly AtField[]>> = {
  companies: [
    { name: 'id', dataType: 'long' },
    { name: 'companyName', dataType: 'string' },
    { name: 'companyNumber', dataType: 'string' },
    { name: 'companyType', dataType: 'integer', picklist: 'companyType' },
    { name: 'classification', dataType: 'integer', picklist: 'classification' },
    { name: 'isActive', dataType: 'boolean' },
    { name: 'phone', dataType: 'string' },
    { name: 'webAddress', dataType: 'string' },
    { name: 'parentCompanyID', dataType: 'integer' },
    { name: 'ownerResourceID', dataType: 'integer' },
    { name: 'createDate', dataType: 'datetime' },
    { name: 'lastActivityDate', dataType: 'datetime' },
    { name: 'lastTrackedModifiedDateTime', dataType: 'datetime' },
    { name: 'userDefinedFields', dataType: 'string' },
  ],
  contacts: [
    { name: 'id', dataType: 'long' },
    { name: 'companyID', dataType: 'integer' },
    { name: 'firstName', dataType: 'string' },
    { name: 'lastName', dataType: 'string' },
    { name: 'middleInitial', dataType: 'string' },
    { name: 'title', dataType: 'string' },
    { name: 'emailAddress', dataType: 'string' },
    { name: 'emailAddress2', dataType: 'string' },
    { name: 'emailAddress3', dataType: 'string' },
    { name: 'isActive', dataType: 'integer' },
    { name: 'primaryContact', dataType: 'boolean' },
    { name: 'phone', dataType: 'string' },
    { name: 'mobilePhone', dataType: 'string' },
    { name: 'createDate', dataType: 'datetime' },
    { name: 'lastModifiedDate', dataType: 'datetime' },
    { name: 'userDefinedFields', dataType: 'string' },
  ],
};

/** The field named `name` (any letter case) of an entity, if it has one. */
export function fieldOfEntity(entity: string, name: string): AtField | undefined {
  const fields = AT_FIELDS[entity as keyof typeof AT_FIELDS] ?? [];
  return fields.find((field) => field.name.toLowerCase() === name.toLowerCase());
}

/** Why `value` cannot be compared with `field`, or `undefined` when it can. */
export function valueProblem(field: AtField, value: unknown): string | undefined {
  const ok = (item: unknown): boolean => {
    switch (field.dataType) {
      case 'boolean':
        return typeof item === 'boolean';
      case 'long':
      case 'integer':
      case 'double':
        return typeof item === 'number' || (typeof item === 'string' && /^-?\d+(\.\d+)?$/.test(item));
      default:
        return typeof item === 'string' || typeof item === 'number';
    }
  };
  const items = Array.isArray(value) ? value : [value];
  return items.every(ok)
    ? undefined
    : `Value ${JSON.stringify(value)} is not valid for field ${field.name} of type ${field.dataType}.`;
}

/** `entityInformation/fields` for an entity, with its picklists; `casing` shapes the names. */
export function entityFields(
  entity: 'companies' | 'contacts',
  picklists: Readonly<Record<'companyType' | 'classification', readonly AtPicklistValue[]>>,
  casing: 'camel' | 'pascal',
  unqueryable: ReadonlySet<string> = new Set(),
): unknown {
  const spell = (name: string) => (casing === 'pascal' ? name.charAt(0).toUpperCase() + name.slice(1) : name);
  return {
    fields: AT_FIELDS[entity].map((field) => ({
      name: spell(field.name),
      dataType: field.dataType,
      isPickList: field.picklist !== undefined,
      isQueryable: field.name !== 'userDefinedFields' && !unqueryable.has(field.name),
      isReadOnly: field.name === 'id',
      ...(field.picklist ? { picklistValues: picklists[field.picklist] } : {}),
    })),
  };
}
