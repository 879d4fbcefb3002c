/**
 * The read model (issue: the read model), figures only; it asserts nothing.
 * - One page (50 rows) of the mapping column over loopback HTTP, at 10,000 GoTo accounts x
 *   100,000 companies x 3 connections, from the copy: p50/p99 against a bare handler serving the
 *   same bytes in the same run, and the vendor requests per page load.
 * - A full refresh of 100,000 companies against a ConnectWise simulator in its own process,
 *   limited to `RATE` requests a second (the client paced just under it): wall time against the floor the
 *   rate sets (pages / rate), and the heap it peaked at; then an incremental refresh after 1% of
 *   the companies changed: its vendor requests against the full one's.
 * - Auto-map (dry run) of 10,000 accounts against 100,000 companies from the copy: against a
 *   plain exact join of the same names, in the same run, and the vendor requests it made.
 */
import { spawn } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge, createMemoryStores } from '@psa-bridge/core';
import { normalizeCompanyName } from '@psa-bridge/core/matching';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createHttpHandler, toNodeHandler } from '@psa-bridge/http';
import { ms } from './measure.js';
import { strangerDataSet } from './stranger-names.js';

const ACCOUNTS = 10_000;
const COMPANIES = 100_000;
const RATE = 40;
const CLIENTS = 8;
const SECONDS = 3;
const RUNS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function listen(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function load(next: () => string): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(next());
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`answered ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { perSecond: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99) };
}

/** The ConnectWise simulator in its own process (its CPU is the vendor's, not the SDK's). */
async function simulatorProcess(companies: number, rate: number) {
  const script = fileURLToPath(new URL('./serve-connectwise.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, 'companies', String(companies), String(rate)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value ?? '');
  const started = JSON.parse(await next()) as { credentials: unknown; clientOptions: object };
  const ask = async (command: string) => {
    child.stdin.write(`${command}\n`);
    return next();
  };
  return {
    ...started,
    requests: async () => Number(await ask('requests')),
    change: (n: number) => ask(`change ${n}`),
    close: () => child.kill(),
  };
}

export async function benchReadModel(): Promise<void> {
  const { companies, labels } = strangerDataSet(COMPANIES, ACCOUNTS, 2027);
  const vendor = await simulatorProcess(COMPANIES, RATE);
  const gotoFake = createGoToFake({
    accounts: labels.map((label) => ({ name: label.name, licenses: [], users: [] })),
  });
  const gt = await gotoFake.listen();
  const bridge = createBridge({
    providers: [connectwise({ ...vendor.clientOptions, pacing: { requestsPerSecond: RATE * 0.95 } })],
    goto: goto({ ...gt.clientOptions, requestsPerSecond: 100_000 }),
    stores: createMemoryStores(),
  });
  const connections: string[] = [];
  for (const product of ['resolve', 'rescue', 'connect'] as const) {
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product,
      credentials: vendor.credentials as never,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    connections.push(saved.connection.id);
  }
  await bridge.refresh(connections[0] ?? '', { parts: ['accounts'] });

  // Full refresh under the vendor's rate, with the heap sampled while it runs.
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 25);
  const fullRequests = await vendor.requests();
  const fullStart = performance.now();
  const full = await bridge.refresh(connections[0] ?? '', { mode: 'full', parts: ['companies'] });
  const fullMs = performance.now() - fullStart;
  clearInterval(sampler);
  const fullCount = (await vendor.requests()) - fullRequests;
  // The floor: every request at the vendor's rate (the first at once).
  const floorMs = ((fullCount - 1) / RATE) * 1000;
  for (const connectionId of connections.slice(1))
    await bridge.refresh(connectionId, { mode: 'full', parts: ['companies'] });

  // 1% changed, then an incremental refresh.
  await vendor.change(COMPANIES / 100);
  const incrementalRequests = await vendor.requests();
  const incremental = await bridge.refresh(connections[0] ?? '', {
    mode: 'incremental',
    parts: ['companies'],
  });
  const incrementalCount = (await vendor.requests()) - incrementalRequests;

  console.log(
    `read model: ${ACCOUNTS.toLocaleString('en')} accounts, ${COMPANIES.toLocaleString('en')} companies x ${connections.length} connections, ConnectWise simulator over loopback`,
  );
  console.log(
    `  full refresh               ${fullCount} requests (${full.companies?.read.toLocaleString('en')} companies) in ${ms(fullMs)}; the rate floor of ${RATE}/s is ${ms(floorMs)}: ${(fullMs / floorMs).toFixed(2)}x (target ≤ 1.1x)`,
  );
  console.log(
    `  heap during it             peak ${((heapPeak - heapBefore) / 2 ** 20).toFixed(0)} MB above the start (target < 150 MB)`,
  );
  console.log(
    `  incremental after 1%       ${incrementalCount} requests (${incremental.companies?.read} companies, mode ${incremental.companies?.mode}): ${((incrementalCount / fullCount) * 100).toFixed(1)}% of the full refresh's (target ≤ 2%)`,
  );

  // Pages of the mapping column over HTTP, against a bare handler with the same bytes.
  const accountKeys = (await bridge.mappings.accounts(connections[0] ?? '', { pageSize: 500 })).items;
  for (const [i, row] of accountKeys.slice(0, 300).entries()) {
    await bridge.mappings.save({
      connectionId: connections[i % 3] ?? '',
      accountKey: row.account.key,
      companyId: String(i + 1),
    });
  }
  const handler = createHttpHandler({ resolve: () => ({ tenant: 'bench', bridge }) });
  const routed = await listen(toNodeHandler(handler));
  const path = (n: number) =>
    `/psa-bridge/connections/${connections[n % 3]}/accounts?limit=50&filter=unmapped`;
  const sample = Buffer.from(await (await fetch(`${routed.url}${path(0)}`)).arrayBuffer());
  const bare = await listen((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(sample);
  });
  let n = 0;
  const vendorBefore = (await vendor.requests()) + gotoFake.host.stats.requests;
  await load(() => `${routed.url}${path(n++)}`); // warm-up
  const runs = {
    bare: [] as Awaited<ReturnType<typeof load>>[],
    page: [] as Awaited<ReturnType<typeof load>>[],
  };
  let pageLoads = 0;
  for (let run = 0; run < RUNS; run += 1) {
    runs.bare.push(await load(() => `${bare.url}/`));
    runs.page.push(
      await load(() => {
        pageLoads += 1;
        return `${routed.url}${path(n++)}`;
      }),
    );
  }
  const vendorDuring = (await vendor.requests()) + gotoFake.host.stats.requests - vendorBefore;
  const b = {
    p50: median(runs.bare.map((r) => r.p50)),
    p99: median(runs.bare.map((r) => r.p99)),
    rps: median(runs.bare.map((r) => r.perSecond)),
  };
  const p = {
    p50: median(runs.page.map((r) => r.p50)),
    p99: median(runs.page.map((r) => r.p99)),
    rps: median(runs.page.map((r) => r.perSecond)),
  };
  console.log(
    `  GET one page (50 rows)     p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms, ${p.rps.toFixed(0)} req/s; bare handler, same ${sample.length} bytes: p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms; p99 ${(p.p99 / b.p99).toFixed(2)}x (target ≤ 2x; ${CLIENTS} clients, median of ${RUNS})`,
  );
  console.log(
    `  vendor requests            ${vendorDuring} in ${pageLoads.toLocaleString('en')} page loads (target 0)`,
  );
  await Promise.all([
    new Promise((resolve) => routed.server.close(resolve)),
    new Promise((resolve) => bare.server.close(resolve)),
  ]);

  // Auto-map from the copy against a plain exact join of the same names, same run.
  const joins: number[] = [];
  const maps: number[] = [];
  let mapRequests = 0;
  for (let run = 0; run <= RUNS; run += 1) {
    let start = performance.now();
    const byName = new Map<string, number>();
    for (const company of companies)
      byName.set(
        normalizeCompanyName(company.name),
        (byName.get(normalizeCompanyName(company.name)) ?? 0) + 1,
      );
    let joined = 0;
    for (const label of labels) if (byName.get(normalizeCompanyName(label.name)) === 1) joined += 1;
    const join = performance.now() - start;
    const before = (await vendor.requests()) + gotoFake.host.stats.requests;
    start = performance.now();
    const report = await bridge.mappings.autoMapAll(connections[1] ?? '', { dryRun: true });
    const map = performance.now() - start;
    if (report.totals.found === 0 || joined === 0) throw new Error('nothing matched');
    if (run > 0) {
      joins.push(join);
      maps.push(map);
      mapRequests += (await vendor.requests()) + gotoFake.host.stats.requests - before;
    }
  }
  const ratios = maps.map((map, i) => map / (joins[i] ?? map));
  console.log(
    `  auto-map from the copy     median ${ms(median(maps))}; plain exact join median ${ms(median(joins))}; ${median(ratios).toFixed(2)}x (target ≤ 1.2x); vendor requests ${mapRequests} in ${RUNS} runs (target 0)`,
  );
  vendor.close();
  await gt.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReadModel();
