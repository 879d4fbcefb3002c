/**
 * @psa-bridge/http over loopback (issue: the HTTP routes): the accounts list with its mapping
 * column for 10,000 GoTo accounts and 3 connections, and the automatic search, served to
 * concurrent clients by a real Node server through `toNodeHandler`, against a bare handler that
 * answers the same JSON bytes in the same run. Prints requests per second and p50/p99 latency,
 * medians of 3 runs; it asserts nothing.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createBridge, createMemoryStores } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createHttpHandler, toNodeHandler } from '@psa-bridge/http';

const ACCOUNTS = 10_000;
const CLIENTS = 16;
const SECONDS = 3;
const RUNS = 3;

interface Load {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** `CLIENTS` loops asking `next()` for `SECONDS`; every answer is read whole. */
async function load(next: () => { url: string; init: RequestInit }): Promise<Load> {
  const latencies: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const { url, init } = next();
        const started = performance.now();
        const response = await fetch(url, init);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { perSecond: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const summary = (runs: Load[]): Load => ({
  perSecond: median(runs.map((run) => run.perSecond)),
  p50: median(runs.map((run) => run.p50)),
  p99: median(runs.map((run) => run.p99)),
});

async function listen(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function benchHttp(): Promise<void> {
  const gotoFake = createGoToFake({
    accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({
      name: `Customer ${i} Holding`,
      licenses: [],
      users: [],
    })),
    host: { rateLimit: undefined },
  });
  const cwFake = createConnectWiseFake({ companies: 200, contactsPerCompany: 1, seed: 5 });
  const [gt, cw] = await Promise.all([gotoFake.listen(), cwFake.listen()]);
  const bridge = createBridge({
    providers: [connectwise({ ...cw.clientOptions })],
    goto: goto({ ...gt.clientOptions, requestsPerSecond: 100_000 }),
    stores: createMemoryStores(),
  });
  const connections: string[] = [];
  for (const product of ['resolve', 'rescue', 'connect'] as const) {
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product,
      credentials: cw.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    connections.push(saved.connection.id);
  }
  const accounts = (await bridge.mappings.accounts(connections[0] ?? '')).items;
  const companies = cwFake.data.companies.filter((company) => company.id !== 0 && !company.deletedFlag);
  for (const [i, row] of accounts.slice(0, 1_000).entries()) {
    await bridge.mappings.save({
      connectionId: connections[i % 3] ?? '',
      accountKey: row.account.key,
      companyId: String(companies[i % companies.length]?.id),
    });
  }
  const handler = createHttpHandler({ resolve: () => ({ tenant: 'bench', bridge }) });
  const routed = await listen(toNodeHandler(handler));
  // The same JSON bytes, from a handler that does nothing else.
  const column = Buffer.from(JSON.stringify(await bridge.mappings.accounts(connections[0] ?? '')));
  const bare = await listen((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(column);
  });
  let n = 0;
  const accountsRoute = () => ({
    url: `${routed.url}/psa-bridge/connections/${connections[n++ % 3]}/accounts`,
    init: {},
  });
  const bareRoute = () => ({ url: `${bare.url}/accounts`, init: {} });
  const suggestRoute = () => {
    const account = accounts[n++ % accounts.length]?.account.key;
    return {
      url: `${routed.url}/psa-bridge/connections/${connections[0]}/accounts/${account}/suggest`,
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    };
  };
  const results: Record<string, Load[]> = { bare: [], accounts: [], suggest: [] };
  await load(accountsRoute); // warm-up
  for (let run = 0; run < RUNS; run += 1) {
    results.bare?.push(await load(bareRoute));
    results.accounts?.push(await load(accountsRoute));
    results.suggest?.push(await load(suggestRoute));
  }
  const [b, a, s] = [
    summary(results.bare ?? []),
    summary(results.accounts ?? []),
    summary(results.suggest ?? []),
  ];
  const line = (name: string, figures: Load) =>
    `  ${name}: ${figures.perSecond.toFixed(0)} req/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms`;
  console.log(
    `HTTP routes over loopback (${ACCOUNTS.toLocaleString('en-US')} accounts, 3 connections, ${CLIENTS} clients, ${SECONDS} s, median of ${RUNS}; ${(column.length / 1024).toFixed(0)} KiB per answer)`,
  );
  console.log(line('bare handler, same JSON', b));
  console.log(
    `${line('GET …/accounts (GoTo /me + mappings)', a)}; ${(b.perSecond / a.perSecond).toFixed(1)}x the bare handler's time`,
  );
  console.log(line('POST …/suggest (PSA name search)', s));
  await Promise.all([
    new Promise((resolve) => routed.server.close(resolve)),
    new Promise((resolve) => bare.server.close(resolve)),
    gt.close(),
    cw.close(),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchHttp();
