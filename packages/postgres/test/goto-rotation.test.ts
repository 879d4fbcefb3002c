import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMemoryGotoTokenStore } from '@psa-bridge/core/adapter';
import { completeGotoConsent, goto, startGotoConsent } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './support/databases.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const workerScript = fileURLToPath(new URL('./support/goto-worker.ts', import.meta.url));
const secretKey = Buffer.alloc(32, 9).toString('base64');
const PARTNERS = Array.from({ length: 10 }, (_, i) => `partner-${i}`);
/** Access tokens live 63 s; clients renew 60 s before expiry: a new token every 3 s or so. */
const TTL_SECONDS = 63;
const USABLE_MS = (TTL_SECONDS - 60) * 1000;

let url: string;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
});

/** Starts a worker; `lines` collects the JSON lines it prints. */
function startWorker(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', workerScript, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { lines: [] as Record<string, unknown>[], stderr: '' };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) state.lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    state.stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, state, exited };
}

describe('GoTo tokens of many partners on many workers (SPEC S4)', () => {
  it('4 workers x 10 partners, tokens renewed every few seconds, SIGKILLs (some between the token answer and its write): no invalid_grant, nobody locked out, one refresh per expiry, users only in their own partner’s account', async () => {
    const gotoFake = createGoToFake({
      host: { rateLimit: undefined },
      accounts: [{ name: 'Unused default account' }],
      partners: PARTNERS.map((id) => ({ id, accounts: [{ name: `${id} customers` }] })),
      accessTokenTtlSeconds: TTL_SECONDS,
      rotateRefreshTokenEvery: 1,
      refreshTokenReuse: 'revoke-family',
      // A killed refresher's answer is given again to the next one within this interval.
      // (GOTO_ROTATION_GRACE_MS=0 shows what strict rotation costs: a few partners locked out.)
      refreshReuseGraceMs: Number(process.env.GOTO_ROTATION_GRACE_MS ?? 20_000),
    });
    const server = await gotoFake.listen();
    const { clientId, clientSecret } = server.clientOptions.auth;
    const redirectUri = 'https://app.example/goto/callback';
    try {
      // Onboarding: every partner consents once; its tokens go to its own tenant's store.
      for (const partner of PARTNERS) {
        const stores = createPostgresStores({ connectionString: url, tenant: partner, secretKey });
        const request = await startGotoConsent({
          clientId,
          redirectUri,
          authBaseUrl: server.clientOptions.authBaseUrl,
        });
        await completeGotoConsent({
          clientId,
          clientSecret,
          redirectUri,
          request,
          tokens: stores.gotoTokens ?? createMemoryGotoTokenStore(),
          callbackUrl: gotoFake.consent(request.url, { partner, approve: true }),
          authBaseUrl: server.clientOptions.authBaseUrl,
        });
        await stores.close();
      }

      const args = (name: string, seconds: number, dieAt: number) => [
        url,
        server.clientOptions.apiBaseUrl,
        server.clientOptions.authBaseUrl,
        clientId,
        clientSecret,
        PARTNERS.join(','),
        name,
        String(seconds),
        String(dieAt),
      ];
      const finished: ReturnType<typeof startWorker>[] = [];
      const deadline = Date.now() + 14_000;
      let started = 0;
      // Four worker slots; a worker that dies (SIGKILL by the test, or by itself in the window
      // between GoTo's answer and the write) is replaced until the deadline.
      const slot = async (index: number): Promise<void> => {
        while (Date.now() < deadline - 1_000) {
          started += 1;
          const seconds = Math.max(1, Math.round((deadline - Date.now()) / 1000));
          const worker = startWorker(args(`w${index}-${started}`, seconds, 0.08));
          const killer = setTimeout(() => worker.child.kill('SIGKILL'), 1_500 + Math.random() * 4_000);
          await worker.exited;
          clearTimeout(killer);
          finished.push(worker);
        }
      };
      await Promise.all([0, 1, 2, 3].map(slot));

      const lines = finished.flatMap((worker) => worker.state.lines);
      const created = lines.filter((line) => line.created);
      const errors = lines.filter((line) => line.error);
      expect(finished.length).toBeGreaterThan(4); // workers were killed and replaced
      expect(lines.filter((line) => line.dying).length).toBeGreaterThan(0); // some in the window
      expect(created.length).toBeGreaterThan(10);
      // No partner was ever refused: not by GoTo (invalid_grant), not by the stores (needs consent).
      expect([...gotoFake.state.refusedRefreshes.values()].reduce((a, b) => a + b, 0)).toBe(0);
      expect(
        errors.filter((line) => line.error === 'AUTHENTICATION'),
        JSON.stringify(errors.slice(0, 5)),
      ).toEqual([]);
      for (const partner of PARTNERS) {
        const stores = createPostgresStores({ connectionString: url, tenant: partner, secretKey });
        expect((await stores.gotoTokens?.get())?.needsConsent, partner).toBeUndefined();
        // Still connected: a fresh client of this partner works.
        const fresh = goto({
          apiBaseUrl: server.clientOptions.apiBaseUrl,
          authBaseUrl: server.clientOptions.authBaseUrl,
          auth: { tokens: stores.gotoTokens ?? createMemoryGotoTokenStore(), clientId, clientSecret },
        });
        expect((await fresh.listAccounts()).map((account) => account.name)).toEqual([`${partner} customers`]);
        await stores.close();
        // At most one new token per expiry: consecutive refreshes of a partner are a token's
        // usable life apart (a repeated answer in the reuse interval is not a new refresh).
        const times = gotoFake.state.refreshTimes.get(partner) ?? [];
        expect(times.length, partner).toBeGreaterThan(1);
        const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
        expect(Math.min(...gaps), `${partner}: refreshes ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual(
          USABLE_MS - 250,
        );
      }
      // Every user is in its own partner's account, and only there.
      for (const account of gotoFake.state.accounts) {
        for (const user of account.users) {
          expect(user.email.endsWith(`@${account.partner}.example`), `${user.email} in ${account.name}`).toBe(
            true,
          );
        }
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
