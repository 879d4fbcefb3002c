/**
 * The workers example (SPEC S2, S3, S4): 20 partners import their contacts at once, as durable
 * jobs on three worker processes that share GoTo's rate limit through PostgreSQL. Each partner
 * has its own GoTo account: it connects it once (OAuth consent), its tokens are stored in its own
 * tenant's stores, and every worker's bridge for that partner uses them. It starts the ConnectWise
 * and GoTo simulators, onboards the 20 tenants (GoTo consent, a PSA connection, a mapping and an
 * import plan each), queues 20 imports, starts the workers, prints progress each second, and
 * checks that every contact became exactly one GoTo user, in its own partner's GoTo account.
 *
 *   DATABASE_URL=postgres://user:password@localhost:5432/psa npm run workers --workspace=@psa-bridge/examples
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createBridge } from '@psa-bridge/core';
import { completeGotoConsent, goto, startGotoConsent } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createJobQueue } from '@psa-bridge/jobs';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';

const PARTNERS = 20;
const WORKERS = 3;
const url = process.env.DATABASE_URL?.trim();
if (!url) {
  console.error(
    'workers example: set DATABASE_URL to a PostgreSQL database, like postgres://user:password@localhost:5432/psa',
  );
  process.exit(1);
}
const secretKey = process.env.PSA_BRIDGE_KEY?.trim() || randomBytes(32).toString('base64');

// The vendors: one ConnectWise with a customer per partner, and GoTo with an account per customer.
const cwFake = createConnectWiseFake({ companies: PARTNERS * 2, contactsPerCompany: 25, seed: 31 });
const inactive = new Set(
  cwFake.data.statuses.filter((status) => status.inactiveFlag).map((status) => status.id),
);
// Active customers only: psa-bridge refuses to map an inactive company (SPEC R3).
const customers = cwFake.data.companies
  .filter((company) => company.id !== 0 && !company.deletedFlag && !inactive.has(company.status.id))
  .slice(0, PARTNERS);
const tenantOf = (index: number): string => `partner-${String(index + 1).padStart(2, '0')}`;
// Every partner is its own GoTo customer: its admin manages its own account, nobody else's.
const gotoFake = createGoToFake({
  accounts: [],
  partners: customers.map((company, i) => ({ id: tenantOf(i), accounts: [{ name: company.name }] })),
  rotateRefreshTokenEvery: 1,
  host: { latencyMs: 5 },
});
const [cw, gt] = await Promise.all([cwFake.listen(), gotoFake.listen()]);
await migrate({ connectionString: url });
const pool = new pg.Pool({ connectionString: url });
const jobs = await createJobQueue({ connectionString: url });
const workers: ChildProcess[] = [];
try {
  // Each partner (tenant): a connection, a mapping and an import plan; then the job.
  const jobIds = new Map<string, string>();
  const { clientId, clientSecret } = gt.clientOptions.auth;
  const { apiBaseUrl, authBaseUrl } = gt.clientOptions;
  const redirectUri = 'https://app.example/goto/callback';
  for (const [i, company] of customers.entries()) {
    const tenant = tenantOf(i);
    const stores = createPostgresStores({ pool, tenant, secretKey });
    if (!stores.gotoTokens) throw new Error('these stores keep no GoTo tokens');
    // The partner connects its GoTo account: the app sends its admin to GoTo, GoTo sends them back.
    const consent = await startGotoConsent({ clientId, redirectUri, scope: 'identity:', authBaseUrl });
    await completeGotoConsent({
      clientId,
      clientSecret,
      redirectUri,
      authBaseUrl,
      request: consent,
      callbackUrl: gotoFake.consent(consent.url, { partner: tenant, approve: true }),
      tokens: stores.gotoTokens,
    });
    const partnerGoto = goto({
      apiBaseUrl,
      authBaseUrl,
      auth: { tokens: stores.gotoTokens, clientId, clientSecret },
    });
    const bridge = createBridge({ providers: [connectwise()], goto: partnerGoto, stores });
    for (const old of await stores.connections.list()) await bridge.connections.delete(old.id);
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: cw.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const account = gotoFake.account(company.name);
    if (!account) throw new Error(`no GoTo account for ${company.name}`);
    await bridge.mappings.save({
      connectionId: saved.connection.id,
      accountKey: account.key,
      companyId: String(company.id),
    });
    const plan = await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: account.key });
    jobIds.set(tenant, await jobs.enqueueImport({ tenant, plan }));
  }
  console.log(`queued ${jobIds.size} imports; starting ${WORKERS} workers`);

  const script = fileURLToPath(new URL('./worker.ts', import.meta.url));
  for (let i = 0; i < WORKERS; i += 1) {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PSA_BRIDGE_KEY: secretKey,
        // Where GoTo is and the app's OAuth client: no partner's token travels to a worker.
        GOTO_OPTIONS: JSON.stringify({ apiBaseUrl, authBaseUrl, clientId, clientSecret }),
        WORKER_NAME: `worker-${i + 1}`,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    workers.push(child);
  }

  const started = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const statuses = await Promise.all([...jobIds].map(([tenant, id]) => jobs.status(tenant, id)));
    const done = statuses.filter((status) => status?.state === 'done').length;
    const contacts = statuses.reduce((sum, status) => sum + (status?.progress?.done ?? 0), 0);
    console.log(
      `progress: ${done}/${jobIds.size} imports done, ${contacts} contacts, ${Math.round((Date.now() - started) / 1000)} s`,
    );
    if (done === jobIds.size) break;
    if (statuses.some((status) => status?.state === 'failed')) throw new Error('an import failed');
  }

  const users = customers.flatMap((company) => gotoFake.users(gotoFake.account(company.name)?.key ?? ''));
  const emails = users.map((user) => user.email.toLowerCase());
  const refreshes = [...gotoFake.state.refreshes.values()].reduce((sum, count) => sum + count, 0);
  const refused = [...gotoFake.state.refusedRefreshes.values()].reduce((sum, count) => sum + count, 0);
  console.log(
    `GoTo accounts: ${gotoFake.state.partners.length - 1} partners, each importing into its own; token refreshes ${refreshes}, refused ${refused}`,
  );
  console.log(
    `GoTo users: ${emails.length}, distinct: ${new Set(emails).size}; GoTo requests: ${gotoFake.host.stats.requests - gotoFake.state.tokenRequests}, 429 answers: ${gotoFake.host.stats.faulted}`,
  );
} finally {
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => (worker.exitCode === null ? worker.once('exit', resolve) : resolve(null))),
    ),
  );
  await jobs.close();
  await pool.end();
  await Promise.all([cw.close(), gt.close()]);
}
