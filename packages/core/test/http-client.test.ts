import { type HttpRequestEvent, isRateLimitError, isResponseShapeError } from '@psa-bridge/core';
import { createHttpClient, type HttpClientOptions } from '@psa-bridge/core/adapter';
import { assertNoSecrets, createTestClock } from '@psa-bridge/core/testing';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const BASE = 'https://api.test.example/v1';
const SECRET = 'the-private-key-42';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client(options: Partial<HttpClientOptions> = {}) {
  const clock = createTestClock();
  const events: HttpRequestEvent[] = [];
  const instance = createHttpClient({
    service: 'Test',
    baseUrl: BASE,
    clock,
    authorize: async () => ({ authorization: `Basic ${Buffer.from(`co+pub:${SECRET}`).toString('base64')}` }),
    secrets: () => [SECRET],
    hooks: {
      onRequest: (event) => events.push(event),
      onResponse: (event) => events.push(event),
      onRetry: (event) => events.push(event),
    },
    ...options,
  });
  return { instance, clock, events };
}

/** Answers from a list of responses, one per request, and counts requests. */
function sequence(
  path: string,
  answers: Array<() => Response | Promise<Response>>,
  method: 'get' | 'post' = 'get',
) {
  const state = { calls: 0 };
  server.use(
    http[method](`${BASE}${path}`, async () => {
      const answer = answers[Math.min(state.calls, answers.length - 1)];
      state.calls += 1;
      if (!answer) throw new Error('no answer');
      return answer();
    }),
  );
  return state;
}

describe('createHttpClient: retries', () => {
  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    const state = sequence('/things', [
      () => HttpResponse.json({ message: 'oops' }, { status: 503 }),
      () => HttpResponse.json({ message: 'oops' }, { status: 500 }),
      () => HttpResponse.json({ ok: true }),
    ]);
    const { instance, clock } = client();
    const response = await instance.request({ method: 'GET', path: '/things' });
    expect(response.data).toEqual({ ok: true });
    expect(state.calls).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
    // Equal jitter: the first wait is within [250, 500], the second within [500, 1000].
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(500);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(1000);
  });

  it('honours Retry-After in seconds', async () => {
    sequence('/limited', [
      () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '3' } }),
      () => HttpResponse.json({ ok: 1 }),
    ]);
    const { instance, clock } = client();
    await instance.request({ method: 'GET', path: '/limited' });
    expect(clock.sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { instance, clock } = client();
    const when = new Date(clock.now() + 5000).toUTCString();
    sequence('/limited', [
      () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': when } }),
      () => HttpResponse.json({ ok: 1 }),
    ]);
    await instance.request({ method: 'GET', path: '/limited' });
    expect(clock.sleeps).toEqual([5000]);
  });

  it('gives a RateLimitError with retryAfterMs when retries run out', async () => {
    const state = sequence('/limited', [
      () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '1' } }),
    ]);
    const { instance } = client({ retry: { retries: 2 } });
    const error = await instance.request({ method: 'GET', path: '/limited' }).catch((e: unknown) => e);
    expect(isRateLimitError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000, status: 429 });
    expect(state.calls).toBe(3);
  });

  it('fails at once when the vendor asks for a longer wait than allowed', async () => {
    const state = sequence('/limited', [
      () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '3600' } }),
    ]);
    const { instance, clock } = client({ retry: { maxRetryAfterMs: 60_000 } });
    await expect(instance.request({ method: 'GET', path: '/limited' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(state.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('never retries auth, permission, validation, not-found or conflict answers', async () => {
    for (const [status, code] of [
      [400, 'VALIDATION'],
      [401, 'AUTHENTICATION'],
      [403, 'PERMISSION'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
    ] as const) {
      const state = sequence('/no', [() => HttpResponse.json({ message: `status ${status}` }, { status })]);
      const { instance } = client();
      await expect(instance.request({ method: 'GET', path: '/no' })).rejects.toMatchObject({ code, status });
      expect(state.calls).toBe(1);
    }
  });

  it('retries network errors for idempotent calls only', async () => {
    const get = sequence('/flaky', [() => HttpResponse.error(), () => HttpResponse.json({ ok: true })]);
    const { instance } = client();
    await expect(instance.request({ method: 'GET', path: '/flaky' })).resolves.toMatchObject({ status: 200 });
    expect(get.calls).toBe(2);

    const post = sequence(
      '/create',
      [() => HttpResponse.error(), () => HttpResponse.json({ ok: true })],
      'post',
    );
    await expect(instance.request({ method: 'POST', path: '/create', json: {} })).rejects.toMatchObject({
      code: 'NETWORK',
    });
    expect(post.calls).toBe(1);
    await expect(
      instance.request({ method: 'POST', path: '/create', json: {}, idempotent: true }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('lets a vendor interpretation turn a 500 into a retried throttle or an auth failure', async () => {
    const throttled = sequence('/at', [
      () => HttpResponse.json({ errors: ['Itgenatr005 thread threshold'] }, { status: 500 }),
      () => HttpResponse.json({ ok: true }),
    ]);
    const { instance } = client({
      retry: { retries: 1 },
      interpretError: ({ body }) => {
        const text = JSON.stringify(body);
        if (text.includes('Itgenatr005')) return { retry: true };
        if (text.includes('Zone')) return { code: 'AUTHENTICATION', message: 'unknown API user' };
        return undefined;
      },
    });
    await instance.request({ method: 'GET', path: '/at' });
    expect(throttled.calls).toBe(2);
    sequence('/zone', [
      () => HttpResponse.json({ errors: ['Zone information could not be determined'] }, { status: 500 }),
    ]);
    await expect(instance.request({ method: 'GET', path: '/zone' })).rejects.toMatchObject({
      code: 'AUTHENTICATION',
      vendorMessage: 'unknown API user',
    });
  });
});

describe('createHttpClient: time limits and aborts', () => {
  it('times out an attempt and retries it once', async () => {
    const state = sequence('/slow', [
      async () => {
        await delay(500);
        return HttpResponse.json({ late: true });
      },
    ]);
    const { instance } = client({ timeoutMs: 30, retry: { retries: 1 } });
    const error = await instance.request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toContain('no answer within 30 ms');
    expect(state.calls).toBe(2);
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    const state = sequence('/slow', [
      async () => {
        await delay(1000);
        return HttpResponse.json({});
      },
    ]);
    const { instance } = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(
      instance.request({ method: 'GET', path: '/slow', signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(state.calls).toBe(1);
  });

  it('rejects before sending when the signal already fired', async () => {
    const state = sequence('/never', [() => HttpResponse.json({})]);
    const { instance } = client();
    await expect(
      instance.request({ method: 'GET', path: '/never', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(state.calls).toBe(0);
  });
});

describe('createHttpClient: parsing and redaction', () => {
  it('parses with zod and names the failing field', async () => {
    sequence('/companies', [
      () =>
        HttpResponse.json({
          items: [
            { id: 1, name: 'ok' },
            { id: 2, name: 42 },
          ],
        }),
    ]);
    const { instance } = client();
    const schema = z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) });
    const error = await instance
      .request({ method: 'GET', path: '/companies', schema })
      .catch((e: unknown) => e);
    expect(isResponseShapeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RESPONSE_SHAPE', issues: [{ path: 'items[1].name' }] });
    expect((error as Error).message).toContain('items[1].name');
  });

  it('reports a body that is not JSON as a shape error', async () => {
    sequence('/html', [() => new HttpResponse('<html>login</html>', { status: 200 })]);
    const { instance } = client();
    await expect(instance.request({ method: 'GET', path: '/html' })).rejects.toMatchObject({
      code: 'RESPONSE_SHAPE',
    });
  });

  it('returns accepted statuses instead of throwing', async () => {
    sequence('/missing', [() => HttpResponse.json({ message: 'nope' }, { status: 404 })]);
    const { instance } = client();
    const response = await instance.request({ method: 'GET', path: '/missing', acceptStatus: [404] });
    expect(response.status).toBe(404);
    expect(response.data).toBeUndefined();
  });

  it('keeps secrets out of errors, messages and hook events', async () => {
    sequence('/echo', [() => HttpResponse.json({ message: `bad key ${SECRET}` }, { status: 401 })]);
    const { instance, events } = client();
    const error = await instance
      .request({ method: 'GET', path: '/echo', query: { token: SECRET, page: 2 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTHENTICATION' });
    assertNoSecrets(error, [SECRET, Buffer.from(`co+pub:${SECRET}`).toString('base64')]);
    // The message names the origin and path only: no query, so nothing a query held.
    expect((error as Error).message).toContain('GET https://api.test.example/v1/echo');
    expect((error as Error).message).not.toContain('?');
    expect((error as Error).message).not.toContain('page=2');
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(events.length).toBeGreaterThan(0);
  });

  it('never keeps the HTTP library error (which holds headers) as a cause', async () => {
    sequence('/slow', [
      async () => {
        await delay(200);
        return HttpResponse.json({});
      },
    ]);
    const { instance } = client({ timeoutMs: 10, retry: { retries: 0 } });
    const error = await instance.request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect((error as Error).cause).toBeUndefined();
    assertNoSecrets(error, [SECRET]);
  });

  it('encodes spaces in the query as %20, never +', async () => {
    let seen = '';
    server.use(
      http.get(`${BASE}/users`, ({ request }) => {
        seen = request.url;
        return HttpResponse.json([]);
      }),
    );
    const { instance } = client();
    await instance.request({ method: 'GET', path: '/users', query: { filter: 'email eq "a+b@x.example"' } });
    expect(seen).toContain('filter=email%20eq%20%22a%2Bb%40x.example%22');
  });
});

describe('createHttpClient: credentials renewal and pacing', () => {
  it('renews credentials once on a 401 and sends again', async () => {
    let token = 'old-token-1';
    let renewals = 0;
    server.use(
      http.get(`${BASE}/me`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer new-token-2'
          ? HttpResponse.json({ me: true })
          : HttpResponse.json({ message: 'expired' }, { status: 401 }),
      ),
    );
    const { instance } = client({
      authorize: async () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        renewals += 1;
        token = 'new-token-2';
        return true;
      },
    });
    await expect(instance.request({ method: 'GET', path: '/me' })).resolves.toMatchObject({
      data: { me: true },
    });
    expect(renewals).toBe(1);
  });

  it('gives up with AUTHENTICATION when the renewed credentials are refused too', async () => {
    const state = sequence('/me', [() => HttpResponse.json({ message: 'no' }, { status: 401 })]);
    let renewals = 0;
    const { instance } = client({
      onUnauthorized: async () => {
        renewals += 1;
        return true;
      },
    });
    await expect(instance.request({ method: 'GET', path: '/me' })).rejects.toMatchObject({
      code: 'AUTHENTICATION',
    });
    expect(renewals).toBe(1);
    expect(state.calls).toBe(2);
  });

  it('spreads request starts to the configured rate', async () => {
    sequence('/paced', [() => HttpResponse.json({})]);
    const { instance, clock } = client({ pacing: { requestsPerSecond: 10 } });
    await Promise.all(Array.from({ length: 5 }, () => instance.request({ method: 'GET', path: '/paced' })));
    // Five starts at 10 per second: the first at once, the others 100, 200, 300 and 400 ms later.
    expect([...clock.sleeps].sort((a, b) => a - b)).toEqual([100, 200, 300, 400]);
  });

  it('caps requests in flight per key, and keeps two clients apart', async () => {
    let inFlight = 0;
    let peak = 0;
    server.use(
      http.get(`${BASE}/busy/:n`, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await delay(15);
        inFlight -= 1;
        return HttpResponse.json({});
      }),
    );
    const { instance } = client({ pacing: { maxConcurrentPerKey: 3 }, concurrencyKey: () => 'busy' });
    await Promise.all(
      Array.from({ length: 9 }, (_, n) => instance.request({ method: 'GET', path: `/busy/${n}` })),
    );
    expect(peak).toBe(3);

    peak = 0;
    const other = client({ pacing: { maxConcurrentPerKey: 3 }, concurrencyKey: () => 'busy' }).instance;
    await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        (n % 2 ? instance : other).request({ method: 'GET', path: `/busy/${n}` }),
      ),
    );
    expect(peak).toBe(6);
  });
});

describe('parseJsonKeepingBigIntegers', async () => {
  const { parseJsonKeepingBigIntegers } = await import('@psa-bridge/core/adapter');
  it('keeps every digit of long integers, and leaves strings and ordinary numbers alone', () => {
    expect(
      parseJsonKeepingBigIntegers(
        '{"key":8887380153236031176710,"n":42,"f":1.5e3,"s":"12345678901234567890","k":[-1234567890123456789]}',
      ),
    ).toEqual({
      key: '8887380153236031176710',
      n: 42,
      f: 1500,
      s: '12345678901234567890',
      k: ['-1234567890123456789'],
    });
    expect(parseJsonKeepingBigIntegers('"a \\" 12345678901234567890"')).toBe('a " 12345678901234567890');
  });
});

describe('createHttpClient: request ids', () => {
  it("keeps the vendor's own request id on the response event and the error, next to the SDK's", async () => {
    sequence('/traced', [
      () => HttpResponse.json({ message: 'bad' }, { status: 400, headers: { 'x-request-id': 'cw-7f3a9' } }),
    ]);
    const { instance, events } = client();
    const error = await instance
      .request({ method: 'GET', path: '/traced' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VALIDATION', vendorRequestId: 'cw-7f3a9' });
    const requestId = (error as { requestId: string }).requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toEqual([
      expect.objectContaining({ service: 'Test', requestId, attempt: 1 }),
      expect.objectContaining({ requestId, status: 400, vendorRequestId: 'cw-7f3a9' }),
    ]);
  });

  it('ignores a vendor id that does not look like one (spaces, too long)', async () => {
    sequence('/odd', [
      () => HttpResponse.json({ ok: true }, { headers: { 'x-request-id': 'not an id at all' } }),
    ]);
    const { instance, events } = client();
    await instance.request({ method: 'GET', path: '/odd' });
    expect(events[1]).not.toHaveProperty('vendorRequestId');
  });

  it('a per-request retry setting wins over the client one', async () => {
    const state = sequence('/flaky', [
      () => HttpResponse.json({ message: 'oops' }, { status: 503 }),
      () => HttpResponse.json({ ok: true }),
    ]);
    const { instance } = client({ retry: { retries: 3 } });
    await expect(
      instance.request({ method: 'GET', path: '/flaky', retry: { retries: 0 } }),
    ).rejects.toMatchObject({
      code: 'UPSTREAM',
    });
    expect(state.calls).toBe(1);
  });
});
