import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { createMemoryPlanStore } from '@psa-bridge/http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Json, twoTenants, untilDone } from './support.js';

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A tenant connected with Acme mapped: what each test runs against. */
async function mapped(
  call: ReturnType<typeof twoTenants>['call'],
  tenant = 'north',
  demo = world as DemoWorld,
) {
  const saved = await call(tenant, 'POST', '/connections', {
    providerId: 'connectwise',
    product: 'resolve',
    credentials: demo.connectwise.credentials,
  });
  const connectionId = saved.json.connection.id as string;
  const accounts = (await call(tenant, 'GET', `/connections/${connectionId}/accounts`)).json.items as Json[];
  const acme = accounts.find((row) => row.account.name === 'Acme Corporation')?.account as { key: string };
  const found = await call(tenant, 'POST', `/connections/${connectionId}/accounts/${acme.key}/suggest`, {});
  await call(tenant, 'PUT', `/connections/${connectionId}/mappings/${acme.key}`, {
    companyId: found.json.company.id,
  });
  return { connectionId, accountKey: acme.key };
}

describe('runs: each its own id, followed at its Location, replayed only on request (I7, H5)', () => {
  it('gives every plan its own id, and a selection run its own run at its own URL', async () => {
    world = await createDemoWorld();
    const { call } = twoTenants(world);
    const { connectionId, accountKey } = await mapped(call);
    const plans = await Promise.all(
      [1, 2, 3].map(() => call('north', 'POST', '/imports', { connectionId, accountKey })),
    );
    const ids = plans.map((plan) => plan.json.planId as string);
    expect(new Set(ids).size).toBe(3);
    // The import they run is the same (same inputs, same journal): exactly once across them.
    expect(new Set(plans.map((plan) => plan.json.importId)).size).toBe(1);
    for (const plan of plans)
      expect(plan.headers.get('location')).toBe(`/psa-bridge/imports/${plan.json.planId}`);

    const [first, second] = ids as [string, string];
    const creates = plans[0]?.json.rows.filter((row: Json) => row.action === 'create') as Json[];
    const full = await call('north', 'POST', `/imports/${first}/run`, {});
    await untilDone(call, 'north', `/runs/${full.json.id}`);
    const chosen = creates.slice(0, 2).map((row) => row.contactId);
    const selection = await call('north', 'POST', `/imports/${second}/run`, { contactIds: chosen });
    expect(selection.status).toBe(202);
    expect(selection.json.id).not.toBe(full.json.id);
    expect(selection.headers.get('location')).toBe(`/psa-bridge/runs/${selection.json.id}`);
    const followed = await untilDone(call, 'north', `/runs/${selection.json.id}`);
    expect(followed.report.rows.map((row: Json) => row.contactId).sort()).toEqual([...chosen].sort());
    // The full run is still there at its own URL, unchanged.
    const fullStatus = await call('north', 'GET', `/runs/${full.json.id}`);
    expect(fullStatus.json.report.rows).toHaveLength(plans[0]?.json.rows.length);
    expect((await call('north', 'GET', `/imports/${second}`)).json.runs).toEqual([selection.json.id]);
  });

  it('answers a replay of a finished run with 409 naming its report; the same request while it runs answers that run', async () => {
    world = await createDemoWorld({ latencyMs: 30 });
    const { call } = twoTenants(world, { runs: { importBatchSize: 5 } });
    const { connectionId, accountKey } = await mapped(call);
    const planId = (await call('north', 'POST', '/imports', { connectionId, accountKey })).json.planId;
    const started = await call('north', 'POST', `/imports/${planId}/run`, {});
    const doubleClick = await call('north', 'POST', `/imports/${planId}/run`, {});
    expect(doubleClick.status).toBe(202);
    expect(doubleClick.json.id).toBe(started.json.id);
    const done = await untilDone(call, 'north', `/runs/${started.json.id}`);
    const created = world.gotoFake.users(accountKey).length;
    const replay = await call('north', 'POST', `/imports/${planId}/run`, {});
    expect(replay.status).toBe(409);
    expect(replay.json.error).toMatchObject({
      code: 'CONFLICT',
      details: { planId, runId: started.json.id },
    });
    expect(replay.json.error.message).toContain('"again": true');
    expect(world.gotoFake.users(accountKey)).toHaveLength(created);
    expect(done.report.run).toBe(1);
  });

  it('cancels a run in process: it stops after the batch in flight, and its report says exactly what was created', async () => {
    world = await createDemoWorld({ latencyMs: 25 });
    const { call } = twoTenants(world, { runs: { importBatchSize: 4 } });
    const { connectionId, accountKey } = await mapped(call);
    const before = world.gotoFake.users(accountKey).length;
    const plan = await call('north', 'POST', '/imports', { connectionId, accountKey });
    const creates = plan.json.rows.filter((row: Json) => row.action === 'create').length as number;
    expect(creates).toBeGreaterThan(8);
    const started = await call('north', 'POST', `/imports/${plan.json.planId}/run`, {});
    // Wait for the first batch by its count, then cancel.
    for (let i = 0; i < 500; i += 1) {
      const status = await call('north', 'GET', `/runs/${started.json.id}`);
      if ((status.json.progress?.totals?.created ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const cancelled = await call('north', 'POST', `/runs/${started.json.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const ended = await untilDone(call, 'north', `/runs/${started.json.id}`);
    expect(ended.state).toBe('cancelled');
    const createdNow = world.gotoFake.users(accountKey).length - before;
    expect(ended.report.totals.created).toBe(createdNow);
    expect(createdNow).toBeGreaterThan(0);
    expect(createdNow).toBeLessThan(creates);
    const notRun = ended.report.rows.filter((row: Json) => row.reason === 'not-run');
    expect(notRun.length).toBe(creates - createdNow);
    // Going on takes a request that says so; nobody is created twice.
    const again = await call('north', 'POST', `/imports/${plan.json.planId}/run`, { again: true });
    const finished = await untilDone(call, 'north', `/runs/${again.json.id}`);
    expect(finished.state).toBe('done');
    expect(world.gotoFake.users(accountKey).length - before).toBe(creates);
    // DELETE is the same cancel; on an ended run it answers the run as it ended.
    expect((await call('north', 'DELETE', `/runs/${again.json.id}`)).json.state).toBe('done');
  });

  it('ends the plans and runs of a deleted connection: its plan is gone, its run refused', async () => {
    world = await createDemoWorld();
    const { call, bridges } = twoTenants(world);
    const { connectionId, accountKey } = await mapped(call);
    const planId = (await call('north', 'POST', '/imports', { connectionId, accountKey })).json.planId;
    const sealed = await bridges.get('north')?.imports.plan({ connectionId, accountKey });
    const before = world.gotoFake.users(accountKey).length;
    expect((await call('north', 'DELETE', `/connections/${connectionId}`)).status).toBe(200);
    const run = await call('north', 'POST', `/imports/${planId}/run`, {});
    expect(run.status).toBe(404);
    expect(run.json.error.code).toBe('NOT_FOUND');
    // And in core, for a plan kept elsewhere (another process's store, a job): refused, typed.
    await expect(bridges.get('north')?.imports.run(sealed as never)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { reason: 'connection-deleted', connectionId },
    });
    expect(world.gotoFake.users(accountKey)).toHaveLength(before);
  });
});

describe('one tenant never evicts or starves another (H5)', () => {
  it('keeps plans per tenant: A’s fifth plan does not push out B’s', async () => {
    world = await createDemoWorld();
    const { call } = twoTenants(world, { plans: createMemoryPlanStore({ maxPerTenant: 4 }) });
    const north = await mapped(call, 'north');
    const south = await mapped(call, 'south');
    const southPlan = (
      await call('south', 'POST', '/imports', {
        connectionId: south.connectionId,
        accountKey: south.accountKey,
      })
    ).json.planId;
    const northPlans: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      northPlans.push((await call('north', 'POST', '/imports', north)).json.planId);
    }
    expect((await call('south', 'GET', `/imports/${southPlan}`)).status).toBe(200);
    expect((await call('north', 'GET', `/imports/${northPlans[0]}`)).status).toBe(404);
    expect((await call('north', 'GET', `/imports/${northPlans[5]}`)).status).toBe(200);
  });

  it('bounds the runs kept per tenant and drops ended ones after their time', async () => {
    world = await createDemoWorld();
    const { call } = twoTenants(world, {
      runs: { retentionMs: 0, maxPerTenant: 2 },
      limits: { runStarts: { max: 100, perMs: 60_000 } },
    });
    const north = await mapped(call, 'north');
    const south = await mapped(call, 'south');
    const southRun = (
      await call('south', 'POST', `/connections/${south.connectionId}/auto-maps`, { dryRun: true })
    ).json.id;
    await untilDone(call, 'south', `/runs/${southRun}`);
    const first = (
      await call('north', 'POST', `/connections/${north.connectionId}/auto-maps`, { dryRun: true })
    ).json.id;
    await untilDone(call, 'north', `/runs/${first}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = (
      await call('north', 'POST', `/connections/${north.connectionId}/auto-maps`, { dryRun: true })
    ).json.id;
    await untilDone(call, 'north', `/runs/${second}`);
    // The first ended past its (zero) retention: dropped when the next started. South's is its own.
    expect((await call('north', 'GET', `/runs/${first}`)).status).toBe(404);
    expect((await call('north', 'GET', `/runs/${second}`)).status).toBe(200);
    expect((await call('south', 'GET', `/runs/${southRun}`)).status).toBe(200);
  });
});
