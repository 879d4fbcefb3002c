import { createServer } from 'node:net';
import type { HttpRequestEvent } from '@psa-bridge/core';
import { createHttpClient } from '@psa-bridge/core/adapter';
import { createTestClock } from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';

/** A loopback port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a host nobody answers on fails at once, not after the retries (retries are for answers that can pass)', () => {
  it('a refused connection: one attempt, NETWORK with reason refused', async () => {
    const attempts: HttpRequestEvent[] = [];
    const client = createHttpClient({
      service: 'Vendor',
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      clock: createTestClock(),
      hooks: { onRequest: (event) => attempts.push(event) },
    });
    await expect(client.request({ method: 'GET', path: '/ping' })).rejects.toMatchObject({
      code: 'NETWORK',
      details: { reason: 'refused' },
    });
    expect(attempts).toHaveLength(1);
  });

  it('a name that does not resolve: one attempt, NETWORK with reason unresolvable; a reset connection is still retried', async () => {
    const attempts: string[] = [];
    const failing = (code: string) => async () => {
      attempts.push(code);
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error(`getaddrinfo ${code}`), { code }),
      });
    };
    for (const [code, expected] of [
      ['ENOTFOUND', 1],
      ['ECONNRESET', 3],
    ] as const) {
      attempts.length = 0;
      const client = createHttpClient({
        service: 'Vendor',
        baseUrl: 'https://vendor.example',
        clock: createTestClock(),
        fetch: failing(code),
        retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 },
      });
      const error = await client.request({ method: 'GET', path: '/ping' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'NETWORK' });
      expect(attempts, code).toHaveLength(expected);
    }
  });
});
