import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { type BridgeLogger, createBridge, type HttpHooks } from '@psa-bridge/core';
import { createTestClock } from '@psa-bridge/core/testing';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cw = createConnectWiseFake({ companies: 5, contactsPerCompany: 1, seed: 3 });
const gt = createGoToFake();
const server = setupServer(...mswHandlers(cw, gt));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** A logger that keeps what it was told. */
function recordingLogger() {
  const lines: { level: 'debug' | 'warn'; message: string; event: object }[] = [];
  const logger: BridgeLogger = {
    debug: (message, event) => lines.push({ level: 'debug', message, event }),
    warn: (message, event) => lines.push({ level: 'warn', message, event }),
  };
  return { logger, lines };
}

describe('one logger and one set of hooks on createBridge reach every adapter', () => {
  it('logs the PSA and the GoTo requests of one flow, without secrets', async () => {
    const { logger, lines } = recordingLogger();
    const seen: string[] = [];
    const hooks: HttpHooks = { onRequest: (event) => seen.push(new URL(event.url).origin) };
    const bridge = createBridge({
      providers: [connectwise()],
      goto: goto({ ...gt.options, clock: createTestClock() }),
      connectOptions: { clock: createTestClock() },
      logger,
      hooks,
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: cw.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    await bridge.mappings.accounts(saved.connection.id);

    const origins = new Set(seen);
    expect(origins).toContain('https://api-na.myconnectwise.net');
    expect(origins).toContain('https://api.getgo.com');
    expect(lines.some((line) => line.message.includes('api-na.myconnectwise.net'))).toBe(true);
    expect(lines.some((line) => line.message.includes('api.getgo.com'))).toBe(true);
    // Both the hooks and the logger saw every request: one onRequest per debug "attempt" line.
    expect(lines.filter((line) => line.message.includes('(attempt ')).length).toBe(seen.length);
    const written = JSON.stringify(lines);
    for (const secret of [
      cw.credentials.privateKey,
      gt.options.auth.clientSecret,
      gt.options.auth.refreshToken,
    ]) {
      expect(written).not.toContain(secret);
    }
  });

  it('reports a retry and a skipped record as warnings', async () => {
    const { logger, lines } = recordingLogger();
    const bridge = createBridge({
      providers: [connectwise()],
      goto: goto({ ...gt.options, clock: createTestClock() }),
      connectOptions: { clock: createTestClock() },
      logger,
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: cw.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const broken = cw.data.companies[1];
    if (!broken) throw new Error('seed has no second company');
    const original = broken.name;
    (broken as { name: unknown }).name = 42;
    cw.host.faults.push({ kind: 'status', status: 503 }, 1, { path: /company\/companies/ });
    try {
      await bridge.mappings.search(saved.connection.id, { name: '' });
    } finally {
      (broken as { name: unknown }).name = original;
    }
    const warnings = lines.filter((line) => line.level === 'warn').map((line) => line.message);
    expect(warnings.some((message) => /failed \(UPSTREAM\); retrying/.test(message))).toBe(true);
    expect(
      warnings.some((message) => /company \(id \d+\) could not be read and was left out: name/.test(message)),
    ).toBe(true);
  });

  it('refuses a logger without debug and warn, naming the option', () => {
    expect(() =>
      createBridge({
        providers: [connectwise()],
        goto: goto(gt.options),
        logger: { info: () => {} } as unknown as BridgeLogger,
      }),
    ).toThrowError(/logger must have debug\(\) and warn\(\)/);
  });

  it('a throwing hook never breaks a request', async () => {
    const bridge = createBridge({
      providers: [connectwise()],
      goto: goto({ ...gt.options, clock: createTestClock() }),
      hooks: {
        onRequest: () => {
          throw new Error('hook bug');
        },
      },
    });
    await expect(bridge.goto.listAccounts()).resolves.not.toHaveLength(0);
  });
});
