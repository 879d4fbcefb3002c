import { describe, expect, it } from 'vitest';
import { interpretHaloError } from '../src/interpret-error.js';
import { toContact } from '../src/map-records.js';
import { userWire } from '../src/wire/schemas.js';

// The user list carries `name` (the full name) beside `firstname` and `surname`; records from
// third-party Halo clients have each of them missing (HaloAPI's Data/Templates/User.json lists all three).
const user = (fields: Record<string, unknown>) => toContact(userWire.parse({ id: 7, ...fields }), '12');

describe('Halo user names, in every shape its user list comes in', () => {
  it.each([
    [{ firstname: 'Ann', surname: 'Lee', name: 'Ann Lee' }, 'Ann', 'Lee'],
    [{ surname: 'van der Berg', name: 'Jan van der Berg' }, 'Jan', 'van der Berg'],
    [{ surname: 'Lee', name: 'Mary Ann  Lee' }, 'Mary Ann', 'Lee'],
    [{ surname: 'Smith', name: 'Bo Jones' }, 'Bo', 'Smith'],
    [{ name: 'Cher' }, 'Cher', undefined],
    [{ name: 'Ann Marie Lee' }, 'Ann', 'Marie Lee'],
    [{ firstname: 'Ann' }, 'Ann', undefined],
  ])('%j', (fields, firstName, lastName) => {
    const contact = user(fields);
    expect(contact.firstName).toBe(firstName);
    expect(contact.lastName).toBe(lastName);
  });
});

describe('Halo failures read by where they came from', () => {
  const failure = (url: string, status: number, body: unknown) => ({
    status,
    body,
    headers: new Headers(),
    method: 'GET' as const,
    url,
  });

  it('OAuth error rules hold at the token endpoint only', () => {
    expect(
      interpretHaloError(failure('https://halo.example/auth/token', 401, { error: 'invalid_client' })),
    ).toMatchObject({
      code: 'AUTHENTICATION',
      message: 'invalid_client',
    });
    const resource = interpretHaloError(
      failure('https://halo.example/api/tickets/5', 400, { error: 'Ticket not found' }),
    );
    expect(resource?.code).toBeUndefined();
    expect(resource?.message).toBe('Ticket not found');
  });

  it('a 401 from the resource API says what to check in Halo', () => {
    const refused = interpretHaloError(failure('https://halo.example/api/client', 401, ''));
    expect(refused).toMatchObject({ code: 'AUTHENTICATION' });
    expect(refused?.message).toMatch(/API application is active.*read customers and users/);
  });
});
