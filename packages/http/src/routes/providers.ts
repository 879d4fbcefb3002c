import { GOTO_PRODUCTS, type PsaProvider } from '@psa-bridge/core';
import { z } from 'zod';
import { ANSWERS } from '../answers.js';
import { route } from '../route.js';

/** A credential field as a form draws it, from the provider's own schema. */
export interface CredentialField {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly secret: boolean;
  readonly type: 'string' | 'number' | 'boolean';
  readonly pattern?: string;
  readonly maxLength?: number;
}

/** "publicKey" → "Public key", "companyId" → "Company id". */
const labelOf = (name: string): string => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The credential fields of `provider`, from its zod schema (SPEC C3): names, secret or not, format hints. */
export function credentialFields(provider: PsaProvider<unknown>): CredentialField[] {
  const schema = z.toJSONSchema(provider.credentials as z.ZodType, {
    io: 'input',
    unrepresentable: 'any',
  }) as {
    properties?: Record<
      string,
      { type?: string; pattern?: string; maxLength?: number; title?: string; description?: string }
    >;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    label: property.title ?? labelOf(name),
    required: schema.required?.includes(name) ?? false,
    secret: provider.secretFields.includes(name),
    type:
      property.type === 'number' || property.type === 'integer'
        ? 'number'
        : property.type === 'boolean'
          ? 'boolean'
          : 'string',
    ...(property.pattern ? { pattern: property.pattern } : {}),
    ...(property.maxLength ? { maxLength: property.maxLength } : {}),
  }));
}

export const providerRoutes = [
  route({
    method: 'get',
    path: '/providers',
    operationId: 'providers.list',
    summary:
      'The PSAs a partner can connect, each with its credential fields (name, label, secret or not, format hints)',
    rules: 'C1, C3',
    answer: ANSWERS['providers.list'],
    async handle({ bridge }) {
      return {
        items: [...bridge.providers.values()].map((provider) => ({
          id: provider.id,
          displayName: provider.displayName,
          fields: credentialFields(provider),
        })),
      };
    },
  }),
  route({
    method: 'get',
    path: '/products',
    operationId: 'products.list',
    summary: 'The GoTo products a connection can be for',
    rules: 'C2',
    answer: ANSWERS['products.list'],
    async handle() {
      return { items: [...GOTO_PRODUCTS] };
    },
  }),
];
