/** A recorded GoTo answer (see fixtures/README.md) parses through the adapter. */
import { readFileSync } from 'node:fs';
import { collect, createTestClock } from '@psa-bridge/core/testing';
import { goto } from '@psa-bridge/goto';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const fixture = (name: string): JsonBodyType =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

it('reads the recorded users page: string keys past 2^53, members, names', async () => {
  server.use(
    http.post('https://authentication.logmeininc.com/oauth/token', () =>
      HttpResponse.json({ access_token: 'token', expires_in: 3600 }),
    ),
    http.get('https://api.getgo.com/admin/rest/v1/accounts/:key/users', ({ request }) =>
      new URL(request.url).searchParams.get('offset') === '0'
        ? HttpResponse.json(fixture('users-page.recorded.json'))
        : HttpResponse.json({ results: [], fromIndex: 3, toIndex: 3, total: 14 }),
    ),
  );
  const client = goto({
    auth: { clientId: 'id', clientSecret: 'secret', refreshToken: 'refresh' },
    clock: createTestClock(),
  });
  const users = await collect(client.listUsers('8887380153236031176710'));
  expect(users.map((user) => user.key)).toEqual([
    '2326735236025616133',
    '7122455312019871750',
    '574284125987515909',
  ]);
  expect(users[0]).toMatchObject({
    email: 'al@leiter.com',
    firstName: 'Allan',
    lastName: 'Leiter',
    role: 'member',
  });
});
