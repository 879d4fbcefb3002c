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
/**
 * Access tokens live 4 s; clients renew a quarter of a token's life before it expires: a new
 * token every 3 s or so, per partner (with a fixed minute of margin, every call would refresh).
 */
const TTL_SECONDS = 4;
const USABLE_MS = TTL_SECONDS * 750;

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
  const state = { lines: [] as Record<string, unknown>[], stderr: '', killed: false };
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
    child.on('exit', (code, signal) => {
      state.killed = signal === 'SIGKILL';
      resolve(signal ?? code);
    }),
  );
  return { child, state, exited };
}

/** What a run of many workers for many partners gave. */
interface RotationRun {
  readonly gotoFake: ReturnType<typeof createGoToFake>;
  readonly lines: Record<string, unknown>[];
  readonly workers: number;
  readonly elapsedMs: number;
  /** Partners with a death between GoTo's token answer and its write. */
  readonly diedFor: Map<string, number>;
  /** Partners whose stored tokens say the consent no longer works. */
  readonly lockedOut: string[];
  readonly server: Awaited<ReturnType<ReturnType<typeof createGoToFake>['listen']>>;
}

/**
 * 4 worker slots for `seconds`, each worker killed at random after 1.5-5.5 s, and by itself
 * between GoTo's token answer and the store write with chance `dieAt` per refresh; `graceMs` is
 * GoTo's reuse interval.
 */
async function rotate(
  graceMs: number,
  seconds: number,
  dieAt: number,
  check: (run: RotationRun) => Promise<void>,
): Promise<void> {
  // GoTo's clock stops when the last worker has exited: the checks look at the moment the run
  // ended. (Otherwise a death in the window near the end, with no worker left to take over
  // within the reuse interval, would lock a partner out while a loaded machine runs the checks.)
  let stoppedAt: number | undefined;
  const gotoFake = createGoToFake({
    now: () => stoppedAt ?? Date.now(),
    host: { rateLimit: undefined },
    accounts: [{ name: 'Unused default account' }],
    partners: PARTNERS.map((id) => ({ id, accounts: [{ name: `${id} customers` }] })),
    accessTokenTtlSeconds: TTL_SECONDS,
    rotateRefreshTokenEvery: 1,
    refreshTokenReuse: 'revoke-family',
    // A killed refresher's answer is given again to the next one within this interval.
    // (GOTO_ROTATION_GRACE_MS=0 shows what strict rotation costs: a few partners locked out.)
    refreshReuseGraceMs: graceMs,
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

    const args = (name: string, seconds: number, chance: number) => [
      url,
      server.clientOptions.apiBaseUrl,
      server.clientOptions.authBaseUrl,
      clientId,
      clientSecret,
      PARTNERS.join(','),
      name,
      String(seconds),
      String(chance),
    ];
    const finished: ReturnType<typeof startWorker>[] = [];
    const startedAt = Date.now();
    const deadline = startedAt + seconds * 1000;
    let started = 0;
    // Four worker slots; a worker that dies (SIGKILL by the test, or by itself in the window
    // between GoTo's answer and the write) is replaced until the deadline.
    const slot = async (index: number): Promise<void> => {
      while (Date.now() < deadline - 1_000) {
        started += 1;
        const seconds = Math.max(1, Math.round((deadline - Date.now()) / 1000));
        const worker = startWorker(args(`w${index}-${started}`, seconds, dieAt));
        const killer = setTimeout(() => worker.child.kill('SIGKILL'), 1_500 + Math.random() * 4_000);
        await worker.exited;
        clearTimeout(killer);
        finished.push(worker);
      }
    };
    await Promise.all([0, 1, 2, 3].map(slot));
    stoppedAt = Date.now();

    const lines = finished.flatMap((worker) => worker.state.lines);
    const diedFor = new Map<string, number>();
    const died = (partner: string) => diedFor.set(partner, (diedFor.get(partner) ?? 0) + 1);
    for (const worker of finished) {
      // A death in the window: every partner whose refresh the worker held when it died (claimed,
      // not yet released by a write), whether the SIGKILL was the test's or the worker's own
      // (`dying`). A worker's two loops can hold two partners' refreshes at once, so its own
      // death cuts short the other loop's refresh too.
      const holding = new Set<string>();
      for (const line of worker.state.lines) {
        if (typeof line.dying === 'string') holding.add(String(line.partner));
        else if (typeof line.claimed === 'string') holding.add(line.claimed);
        else if (typeof line.released === 'string') holding.delete(line.released);
      }
      if (worker.state.killed) for (const partner of holding) died(partner);
    }
    const lockedOut: string[] = [];
    for (const partner of PARTNERS) {
      const stores = createPostgresStores({ connectionString: url, tenant: partner, secretKey });
      if ((await stores.gotoTokens?.get())?.needsConsent) lockedOut.push(partner);
      await stores.close();
    }
    await check({
      gotoFake,
      lines,
      workers: finished.length,
      elapsedMs: stoppedAt - startedAt,
      diedFor,
      lockedOut,
      server,
    });
  } finally {
    await server.close();
  }
}

describe('GoTo tokens of many partners on many workers (SPEC S4)', () => {
  it('with a reuse interval: 4 workers x 10 partners, 4 s tokens, two calls at once per worker, SIGKILLs (some between the token answer and its write): no invalid_grant, nobody locked out, one refresh per token life, users only in their own partner’s account', async () => {
    await rotate(
      10_000,
      14,
      0.15,
      async ({ gotoFake, lines, workers, elapsedMs, diedFor, lockedOut, server }) => {
        const created = lines.filter((line) => line.created);
        const errors = lines.filter((line) => line.error);
        expect(workers).toBeGreaterThan(4); // workers were killed and replaced
        expect([...diedFor.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // some in the window
        expect(created.length).toBeGreaterThan(10);
        // No partner was ever refused: not by GoTo (invalid_grant), not by the stores (needs consent).
        expect([...gotoFake.state.refusedRefreshes.values()].reduce((a, b) => a + b, 0)).toBe(0);
        expect(lockedOut).toEqual([]);
        expect(
          errors.filter((line) => line.error === 'AUTHENTICATION'),
          JSON.stringify(errors.slice(0, 5)),
        ).toEqual([]);
        // Tokens were renewed while the workers ran (4 s tokens, a run of many seconds).
        const refreshes = PARTNERS.map((p) => gotoFake.state.refreshTimes.get(p)?.length ?? 0);
        expect(refreshes.reduce((a, b) => a + b, 0)).toBeGreaterThan(PARTNERS.length);
        for (const partner of PARTNERS) {
          const stores = createPostgresStores({ connectionString: url, tenant: partner, secretKey });
          // Still connected: a fresh client of this partner works.
          const fresh = goto({
            apiBaseUrl: server.clientOptions.apiBaseUrl,
            authBaseUrl: server.clientOptions.authBaseUrl,
            auth: {
              tokens: stores.gotoTokens ?? createMemoryGotoTokenStore(),
              clientId: server.clientOptions.auth.clientId,
              clientSecret: server.clientOptions.auth.clientSecret,
            },
          });
          expect((await fresh.listAccounts()).map((account) => account.name)).toEqual([
            `${partner} customers`,
          ]);
          await stores.close();
          // At most one new token per token life: the count of a partner's refreshes is bounded by
          // the time and the deaths in the window (a repeated answer in the reuse interval is not
          // a new refresh).
          const times = gotoFake.state.refreshTimes.get(partner) ?? [];
          expect(times.length, partner).toBeGreaterThan(0);
          expect(times.length, partner).toBeLessThanOrEqual(
            Math.ceil(elapsedMs / USABLE_MS) + (diedFor.get(partner) ?? 0) + 1,
          );
          // No two refreshes for one token: a second refresher would come within a request's
          // time. (Not a full usable life: clients date a token's expiry from when they asked,
          // so on a loaded machine a refresh can come a request's latency early.) A worker killed
          // between GoTo's answer and its write loses that token, and the next one refreshes
          // sooner: such short gaps are bounded by the partner's deaths in the window.
          const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
          const short = gaps.filter((gap) => gap < USABLE_MS / 2).length;
          expect(short, `${partner}: refreshes ${JSON.stringify(gaps)}`).toBeLessThanOrEqual(
            diedFor.get(partner) ?? 0,
          );
        }
        // Every user is in its own partner's account, and only there.
        for (const account of gotoFake.state.accounts) {
          for (const user of account.users) {
            expect(
              user.email.endsWith(`@${account.partner}.example`),
              `${user.email} in ${account.name}`,
            ).toBe(true);
          }
        }
        console.log(
          `rotation with a reuse interval: ${workers} workers, deaths in the window ${[...diedFor.values()].reduce((a, b) => a + b, 0)}, locked out ${lockedOut.length}, refreshes per partner ${PARTNERS.map((p) => gotoFake.state.refreshTimes.get(p)?.length ?? 0).join('/')} in ${Math.round(elapsedMs / 1000)} s`,
        );
      },
    );
  }, 60_000);

  it('without a reuse interval: only a partner whose refresher died in the window needs consent again, refused once, never a retry storm', async () => {
    await rotate(0, 8, 0.3, async ({ gotoFake, lines, workers, diedFor, lockedOut }) => {
      expect(workers).toBeGreaterThan(4);
      expect([...diedFor.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      for (const partner of lockedOut) expect(diedFor.get(partner) ?? 0, partner).toBeGreaterThan(0);
      for (const partner of PARTNERS) {
        // GoTo saw at most one refused refresh per death of that partner: nobody retried a dead token.
        expect(gotoFake.state.refusedRefreshes.get(partner) ?? 0, partner).toBeLessThanOrEqual(
          diedFor.get(partner) ?? 0,
        );
      }
      // A partner that needs consent fails at once with a typed error, and nothing else does.
      const auth = lines.filter((line) => line.error === 'AUTHENTICATION');
      for (const line of auth) expect(lockedOut).toContain(line.partner);
      console.log(
        `rotation without a reuse interval: deaths in the window ${[...diedFor.values()].reduce((a, b) => a + b, 0)} (partners ${[...diedFor.keys()].length}), locked out ${lockedOut.length}`,
      );
    });
  }, 60_000);
});
