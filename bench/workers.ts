import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createBridge, type ImportPlan, Secret } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createJobQueue } from '@psa-bridge/jobs';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import { startTestPostgres } from '../packages/postgres/test/support/postgres-server.js';
import { ms } from './measure.js';

const PARTNERS = Number(process.env.PSA_BRIDGE_BENCH_PARTNERS ?? 100);
const CONTACTS = Number(process.env.PSA_BRIDGE_BENCH_CONTACTS ?? 1_000);
const WORKER_COUNTS = (process.env.PSA_BRIDGE_BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const KEY = Buffer.alloc(32, 3).toString('base64');
const worker = fileURLToPath(new URL('../examples/workers/worker.ts', import.meta.url));

/** One run: `workers` processes import every partner's plan; the GoTo simulator limits to 10/s. */
async function run(
  workers: number,
  url: string,
  cw: { credentials: unknown },
  companies: { id: number; name: string }[],
) {
  await migrate({ connectionString: url });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('DROP SCHEMA IF EXISTS psa_bridge_jobs CASCADE');
  await admin.query(
    'TRUNCATE psa_bridge_connections, psa_bridge_mappings, psa_bridge_journal, psa_bridge_leases, psa_bridge_rate_limits, psa_bridge_job_progress, psa_bridge_goto_tokens',
  );
  await admin.end();
  // Each partner its own GoTo admin and account (SPEC S4), as in examples/workers.
  const gotoFake = createGoToFake({
    accounts: [],
    partners: companies.map((company, i) => ({ id: `partner-${i}`, accounts: [{ name: company.name }] })),
  });
  const gt = await gotoFake.listen();
  const { clientId, clientSecret } = gt.clientOptions.auth;
  const { apiBaseUrl, authBaseUrl } = gt.clientOptions;
  const jobs = await createJobQueue({ connectionString: url, expireInSeconds: 3_600 });
  const children: ChildProcess[] = [];
  try {
    const plans: { tenant: string; plan: ImportPlan }[] = [];
    for (const [i, company] of companies.entries()) {
      const tenant = `partner-${i}`;
      const stores = createPostgresStores({
        connectionString: url,
        tenant,
        secretKey: KEY,
        maxConnections: 2,
      });
      const tokens = stores.gotoTokens;
      if (!tokens) throw new Error('no GoTo token store');
      // The partner's consent, given earlier: its refresh token in its own tenant's store.
      await tokens.compareAndSet(0, { refreshToken: new Secret(gotoFake.refreshTokenFor(tenant)) });
      const partnerGoto = goto({ apiBaseUrl, authBaseUrl, auth: { tokens, clientId, clientSecret } });
      const bridge = createBridge({ providers: [connectwise()], goto: partnerGoto, stores });
      const saved = await bridge.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: cw.credentials as never,
      });
      if (!saved.saved) throw new Error(saved.failure.message);
      const account = gotoFake.account(company.name);
      if (!account) throw new Error('no account');
      await bridge.mappings.save({
        connectionId: saved.connection.id,
        accountKey: account.key,
        companyId: String(company.id),
      });
      plans.push({
        tenant,
        plan: await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: account.key }),
      });
      await stores.close();
    }
    const creates = plans.reduce(
      (sum, { plan }) => sum + plan.rows.filter((row) => row.action === 'create').length,
      0,
    );
    const ids = await Promise.all(plans.map(({ tenant, plan }) => jobs.enqueueImport({ tenant, plan })));
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // GoTo's window after planning
    const before = {
      requests: gotoFake.host.stats.requests,
      faulted: gotoFake.host.stats.faulted,
      tokens: gotoFake.state.tokenRequests,
    };
    const started = performance.now();
    const output: string[] = [];
    for (let i = 0; i < workers; i += 1) {
      const child = spawn(process.execPath, ['--import', 'tsx', worker], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          PSA_BRIDGE_KEY: KEY,
          GOTO_OPTIONS: JSON.stringify({ apiBaseUrl, authBaseUrl, clientId, clientSecret }),
          WORKER_NAME: `w${i + 1}`,
          PSA_BRIDGE_LOG_SENDS: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      children.push(child);
    }
    for (;;) {
      // Polled once a second: the GoTo simulator shares this process, and a busy loop here would
      // bunch up its arrival times.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const states = await Promise.all(
        ids.map(async (id, i) => (await jobs.status(plans[i]?.tenant ?? '', id))?.state),
      );
      if (states.every((state) => state === 'done')) break;
      if (states.some((state) => state === 'failed')) throw new Error(`an import failed\n${output.join('')}`);
    }
    const elapsed = performance.now() - started;
    const apiRequests =
      gotoFake.host.stats.requests - before.requests - (gotoFake.state.tokenRequests - before.tokens);
    const floor = (apiRequests / 10) * 1000; // GoTo's 10 requests a second, shared by every worker
    const rateLimited = gotoFake.host.stats.faulted - before.faulted;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    const sends = [...output.join('').matchAll(/send (\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    let busiestSends = 0;
    for (let i = 0, j = 0; i < sends.length; i += 1) {
      while ((sends[j] ?? 0) <= (sends[i] ?? 0) - 1000) j += 1;
      busiestSends = Math.max(busiestSends, i - j + 1);
    }
    const peaks = [...output.join('').matchAll(/peak memory (\d+) MB/g)].map((match) => Number(match[1]));
    const users = companies.reduce(
      (sum, company) => sum + gotoFake.users(gotoFake.account(company.name)?.key ?? '').length,
      0,
    );
    console.log(
      `  ${workers} worker${workers > 1 ? 's' : ' '}  ${ms(elapsed).padStart(9)} for ${creates.toLocaleString('en')} users (${users.toLocaleString('en')} in GoTo), floor ${ms(floor)} (${apiRequests} GoTo requests at 10/s): ${(elapsed / floor).toFixed(2)}x; 429s ${rateLimited} of ${apiRequests} (${((rateLimited / Math.max(1, apiRequests)) * 100).toFixed(2)}%); busiest second: ${busiestSends} sent by the workers, ${gotoFake.host.stats.busiestSecond} arriving at GoTo; peak memory per worker ${peaks.length ? `${Math.max(...peaks)} MB` : 'n/a'}`,
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await jobs.close();
    await gt.close();
  }
}

/** Prints the multi-worker figures of issue 18. */
export async function benchWorkers(): Promise<void> {
  const server = await startTestPostgres(undefined, { durable: true });
  const cwFake = createConnectWiseFake({ companies: PARTNERS, contactsPerCompany: CONTACTS, seed: 77 });
  const companies = cwFake.data.companies
    .filter((company) => company.id !== 0 && !company.deletedFlag)
    .slice(0, PARTNERS);
  const cw = await cwFake.listen();
  try {
    console.log(
      `workers: ${PARTNERS} partners x ${CONTACTS.toLocaleString('en')} contacts, GoTo simulator limited to 10 requests/s, ${server.how}`,
    );
    for (const workers of WORKER_COUNTS) await run(workers, server.url, cw, companies);
  } finally {
    await cw.close();
    await server.stop();
  }
}
