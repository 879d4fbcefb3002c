import { readFileSync } from 'node:fs';
import { createHaloFake } from '@psa-bridge/halo/fake';
import { describe, expect, it } from 'vitest';
import { toCompany, toContact } from '../src/map-records.js';
import { clientWire, userWire } from '../src/wire/schemas.js';

const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe("Halo's published shapes (fixtures/README.md names the sources)", () => {
  it('a client as the Swagger document shows it is read, its many other fields ignored', () => {
    const client = { ...sample('client-sample.json'), id: 12, name: 'Acme', toplevel_id: 3, inactive: false };
    expect(toCompany(clientWire.parse(client))).toEqual({
      id: '12',
      name: 'Acme',
      status: { id: 'active', name: 'Active' },
      types: [{ id: '3', name: 'string' }],
    });
  });

  it('a user as the Swagger document shows it is read, with its second and third addresses', () => {
    const user = {
      ...sample('user-sample.json'),
      id: 7,
      emailaddress: 'a@acme.example',
      email2: 'b@acme.example',
      email3: 'A@ACME.example',
      inactive: false,
    };
    expect(toContact(userWire.parse(user), '12')).toMatchObject({
      id: '7',
      companyId: '12',
      emails: ['a@acme.example', 'b@acme.example'],
      active: true,
    });
  });

  it('the simulator serves records at least as wide as the samples', () => {
    const fake = createHaloFake({ clients: 1, usersPerClient: 1 });
    const clientFields = Object.keys(fake.data.clients[0] ?? {});
    const userFields = Object.keys(fake.data.users[0] ?? {});
    const known = (fields: string[], name: string) =>
      Object.keys(sample(name)).filter((field) => fields.includes(field));
    expect(known(clientFields, 'client-sample.json').length).toBeGreaterThanOrEqual(12);
    expect(known(userFields, 'user-sample.json').length).toBeGreaterThanOrEqual(16);
    // And every field the simulator sends is one Halo has (or a public client names).
    const extra = clientFields.filter((field) => !(field in sample('client-sample.json')));
    expect(extra).toEqual(['website']);
    expect(userFields.filter((field) => !(field in sample('user-sample.json')))).toEqual(['client_id']);
  });
});
