import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake, emailItem } from '@psa-bridge/connectwise/fake';
import { createBridge, type PsaProvider } from '@psa-bridge/core';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { ms } from './measure.js';

const CONTACTS = 10_000;
/** Users per create request (the client's default). */
const BATCH = 50;
/** GoTo's limit, requests per second. */
const RATE = 10;

interface Psa {
  readonly provider: PsaProvider<unknown>;
  readonly credentials: unknown;
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

/** A PSA simulator on loopback with one company of `contacts` contacts, every one with an email. */
async function startPsa(kind: 'connectwise' | 'datto', contacts: number): Promise<Psa> {
  if (kind === 'connectwise') {
    const fake = createConnectWiseFake({
      companies: 1,
      contactsPerCompany: contacts,
      seed: 5,
      host: { latencyMs: 10 },
    });
    for (const contact of fake.data.contacts) {
      contact.inactiveFlag = false;
      if (!contact.communicationItems.some((item) => item.communicationType === 'Email')) {
        contact.communicationItems.push(
          emailItem(contact.id, `contact${contact.id}@company250.example`, true),
        );
      }
    }
    const server = await fake.listen();
    return {
      provider: connectwise() as PsaProvider<unknown>,
      credentials: server.credentials,
      requests: () => fake.host.stats.requests,
      close: server.close,
    };
  }
  const fake = createAutotaskFake({
    companies: 1,
    contactsPerCompany: contacts,
    seed: 5,
    host: { latencyMs: 10 },
  });
  for (const contact of fake.data.contacts) contact.emailAddress ??= `contact${contact.id}@company.example`;
  for (const contact of fake.data.contacts) contact.isActive = 1;
  const server = await fake.listen();
  return {
    provider: datto({ discoveryUrl: server.clientOptions.discoveryUrl }) as PsaProvider<unknown>,
    credentials: server.credentials,
    requests: () => fake.host.stats.requests,
    close: server.close,
  };
}

/** One import of every contact, timed; fresh simulators each time. */
async function importOnce(kind: 'connectwise' | 'datto', contacts: number) {
  const psa = await startPsa(kind, contacts);
  const gotoFake = createGoToFake({
    accounts: [
      {
        name: 'Acme Corporation',
        licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: 1_000_000 }],
      },
    ],
    host: { latencyMs: 10 },
  });
  const gotoServer = await gotoFake.listen();
  try {
    const bridge = createBridge({ providers: [psa.provider], goto: goto(gotoServer.clientOptions) });
    const saved = await bridge.connections.testAndSave({
      providerId: psa.provider.id,
      product: 'resolve',
      credentials: psa.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const accountKey = gotoFake.account('Acme Corporation')?.key ?? '';
    const [company] = await (await bridge.mappings.search(saved.connection.id, {})).items;
    await bridge.mappings.save({
      connectionId: saved.connection.id,
      accountKey,
      companyId: company?.id ?? '',
    });
    const license = gotoFake.account('Acme Corporation')?.licenses[0]?.key ?? '';
    const psaBefore = psa.requests();
    const gotoBefore = gotoFake.host.stats.requests;
    const planStart = performance.now();
    const plan = await bridge.imports.plan({
      connectionId: saved.connection.id,
      accountKey,
      licenseKeys: [license],
    });
    const planMs = performance.now() - planStart;
    const gotoAfterPlan = gotoFake.host.stats.requests;
    const runStart = performance.now();
    const report = await bridge.imports.run(plan);
    const runMs = performance.now() - runStart;
    return {
      created: report.totals.created,
      planMs,
      runMs,
      psaRequests: psa.requests() - psaBefore,
      gotoPlanRequests: gotoAfterPlan - gotoBefore,
      gotoRunRequests: gotoFake.host.stats.requests - gotoAfterPlan,
      faulted: gotoFake.host.stats.faulted,
    };
  } finally {
    await gotoServer.close();
    await psa.close();
  }
}

/**
 * Heap growth while `plan` streams 100,000 contacts from the ConnectWise simulator, which runs in
 * a child process so that only the SDK's memory is measured.
 */
export async function planMemory(): Promise<{ peakMb: number; retainedMb: number; rows: number }> {
  const script = fileURLToPath(new URL('./serve-connectwise.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '100000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await new Promise<{ credentials: unknown }>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) =>
      resolve(JSON.parse(chunk.toString()) as { credentials: unknown }),
    );
    child.once('exit', () => reject(new Error('the simulator process ended')));
  });
  const gotoFake = createGoToFake({ accounts: [{ name: 'Acme Corporation' }] });
  const gotoServer = await gotoFake.listen();
  try {
    const bridge = createBridge({
      providers: [connectwise() as PsaProvider<unknown>],
      goto: goto(gotoServer.clientOptions),
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: started.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const accountKey = gotoFake.account('Acme Corporation')?.key ?? '';
    const [company] = (await bridge.mappings.search(saved.connection.id, {})).items;
    await bridge.mappings.save({
      connectionId: saved.connection.id,
      accountKey,
      companyId: company?.id ?? '',
    });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    const plan = await bridge.imports.plan({ connectionId: saved.connection.id, accountKey });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    gc?.();
    const retained = process.memoryUsage().heapUsed - baseline;
    return {
      peakMb: (peak - baseline) / 1024 / 1024,
      retainedMb: retained / 1024 / 1024,
      rows: plan.rows.length,
    };
  } finally {
    await gotoServer.close();
    child.kill();
  }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Prints the import figures of issue 7. */
export async function benchImport(runs = 3): Promise<void> {
  for (const kind of ['connectwise', 'datto'] as const) {
    const results = [];
    for (let i = 0; i < runs; i += 1) results.push(await importOnce(kind, CONTACTS));
    const sample = results[0];
    if (!sample) return;
    const minimum = Math.ceil(sample.created / BATCH);
    const floorMs = (minimum / RATE) * 1000;
    const runMs = median(results.map((r) => r.runMs));
    const gotoRequests = sample.gotoPlanRequests + sample.gotoRunRequests;
    console.log(
      `import from ${kind}: ${sample.created.toLocaleString('en')} users, 10 ms latency, GoTo at ${RATE}/s, median of ${runs}`,
    );
    console.log(`  PSA requests (plan)         ${sample.psaRequests}`);
    console.log(
      `  GoTo requests               ${gotoRequests} (${sample.gotoPlanRequests} lookup in plan, ${sample.gotoRunRequests} in run)`,
    );
    console.log(
      `  GoTo requests per 100 users ${((gotoRequests / sample.created) * 100).toFixed(2)} (minimum ${((minimum / sample.created) * 100).toFixed(2)}: creates of ${BATCH})`,
    );
    console.log(`  plan                        median ${ms(median(results.map((r) => r.planMs)))}`);
    console.log(
      `  run                         median ${ms(runMs)}; floor set by the rate limit ${ms(floorMs)}; ratio ${(runMs / floorMs).toFixed(3)}x (target ≤ 1.05x)`,
    );
    console.log(`  429s from GoTo              ${results.map((r) => r.faulted).join(', ')}`);
  }
  const memories = [];
  for (let i = 0; i < runs; i += 1) memories.push(await planMemory());
  const rows = memories[0]?.rows ?? 0;
  console.log(
    `plan streaming ${rows.toLocaleString('en')} contacts (simulator in another process), median of ${runs}:`,
  );
  console.log(
    `  heap growth at peak ${median(memories.map((m) => m.peakMb)).toFixed(0)} MB (target < 100 MB; runs ${memories.map((m) => m.peakMb.toFixed(0)).join(', ')}); kept after the plan ${median(memories.map((m) => m.retainedMb)).toFixed(0)} MB`,
  );
}
