import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createMemoryRateLimiter } from '@psa-bridge/core';
import type { PsaClient } from '@psa-bridge/core/adapter';
import { collect } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cwFake = createConnectWiseFake({ companies: 40, contactsPerCompany: 1, seed: 2 });
const atFake = createAutotaskFake({ companies: 40, contactsPerCompany: 1, seed: 3, latencyMs: 40 });
const server = setupServer(...mswHandlers(cwFake, atFake));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('vendor limits shared by every client given one rate limiter (SPEC S3)', () => {
  it('Autotask: 3 requests at once per endpoint across clients, not 3 per client', async () => {
    const rateLimiter = createMemoryRateLimiter();
    const clients: PsaClient[] = await Promise.all(
      Array.from({ length: 3 }, () => datto().connect(atFake.credentials, { rateLimiter })),
    );
    // Each client looks up its zone first; done before counting.
    for (const client of clients) await client.getCompany('1');
    const before = atFake.host.stats.requests;
    await Promise.all(
      clients.flatMap((client) => Array.from({ length: 3 }, (_, i) => client.getCompany(String(i + 1)))),
    );
    // Nine reads, nine requests: none refused by Autotask's thread limit, so none sent again.
    expect(atFake.host.stats.requests - before).toBe(9);
    // Without the shared limiter, each client keeps only its own 3: Autotask refuses the excess.
    const unshared = await Promise.all(Array.from({ length: 3 }, () => datto().connect(atFake.credentials)));
    for (const client of unshared) await client.getCompany('1');
    const unsharedBefore = atFake.host.stats.requests;
    await Promise.all(
      unshared.flatMap((client) => Array.from({ length: 3 }, (_, i) => client.getCompany(String(i + 1)))),
    );
    expect(atFake.host.stats.requests - unsharedBefore).toBeGreaterThan(9);
  });

  it('ConnectWise: a 429 with Retry-After holds back every client of that company, not just the one that got it', async () => {
    const rateLimiter = createMemoryRateLimiter();
    const [first, second] = await Promise.all([
      connectwise().connect(cwFake.credentials, { rateLimiter }),
      connectwise().connect(cwFake.credentials, { rateLimiter }),
    ]);
    if (!first || !second) throw new Error('no clients');
    await first.getCompany('1'); // discovery done
    await second.getCompany('1');
    cwFake.host.faults.push({ kind: 'status', status: 429, retryAfter: '1' });
    const firstDone = first.getCompany('2'); // answered 429: pauses the key for 1 s
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = performance.now();
    await second.getCompany('3'); // never got a 429 itself: waits out the pause all the same
    expect(performance.now() - started).toBeGreaterThanOrEqual(650);
    await firstDone;
    // A client without the limiter is not held back.
    const alone = await connectwise().connect(cwFake.credentials);
    cwFake.host.faults.push({ kind: 'status', status: 429, retryAfter: '2' });
    let pausedSettled = false;
    const pausedOther = first.getCompany('2').finally(() => {
      pausedSettled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The other client is still waiting out its pause when this one has its answer: by order, not time.
    await alone.getCompany('3');
    expect(pausedSettled).toBe(false);
    await pausedOther;
    expect(await collect(second.searchCompanies({ name: 'zzzz-none' }))).toEqual([]);
  });
});
