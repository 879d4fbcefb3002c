import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { ROUTES } from '@psa-bridge/http';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, twoTenants, untilDone } from './support.js';

let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

/** The route template of a concrete path (`/runs/run_1` → `/runs/{runId}`). */
const templateOf = (method: string, path: string) =>
  ROUTES.find(
    (spec) =>
      spec.method.toUpperCase() === method &&
      new RegExp(`^${spec.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0] ?? ''),
  );

describe('the OpenAPI document says what every route answers', () => {
  it('validates the real answers of every operation, successes and errors, against the document', {
    timeout: 60_000,
  }, async () => {
    const { call } = twoTenants(world);
    const document = (await call(null, 'GET', '/openapi.json')).json;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'doc', components: document.components }, 'doc');
    const seen = new Map<string, number>();
    const check = async (method: string, path: string, body?: unknown) => {
      const answer = await call('north', method, path, body);
      const spec = templateOf(method, path);
      if (!spec) throw new Error(`no route for ${method} ${path}`);
      const operation = document.paths[`/psa-bridge${spec.path}`][spec.method];
      const declared = operation.responses[String(answer.status)] ?? operation.responses.default;
      const schema = declared.content['application/json']?.schema;
      if (!schema) throw new Error(`${spec.operationId} answers ${answer.status} with no JSON schema`);
      const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
      const valid = ajv.validate(resolved, answer.json);
      expect(valid, `${spec.operationId} ${answer.status}: ${ajv.errorsText()}`).toBe(true);
      if (answer.status < 300) seen.set(spec.operationId, answer.status);
      return answer;
    };
    await check('GET', '/providers');
    await check('GET', '/products');
    await check('POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: { ...world.connectwise.credentials, privateKey: 'no' },
    });
    const saved = await check('POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const connectionId = saved.json.connection.id;
    await check('GET', '/connections');
    await check('GET', `/connections/${connectionId}`);
    await check('PATCH', `/connections/${connectionId}`, { label: 'Main' });
    const accounts = (await check('GET', `/connections/${connectionId}/accounts`)).json.items as Json[];
    for (const { account } of accounts)
      await check('POST', `/connections/${connectionId}/accounts/${account.key}/suggest`, {});
    const acme = accounts.find((row) => row.account.name === 'Acme Corporation')?.account;
    await check('GET', `/connections/${connectionId}/filters`);
    await check('GET', `/connections/${connectionId}/companies?name=a&pageSize=2`);
    const found = await check('POST', `/connections/${connectionId}/accounts/${acme.key}/suggest`, {});
    await check('PUT', `/connections/${connectionId}/mappings/${acme.key}`, {
      companyId: found.json.company.id,
    });
    await check('GET', `/connections/${connectionId}/mappings`);
    await check('GET', `/connections/${connectionId}/mappings-health`);
    const refresh = await check('POST', `/connections/${connectionId}/refreshes`, {});
    await untilDone(call, 'north', `/runs/${refresh.json.id}`);
    await check('GET', `/runs/${refresh.json.id}`);
    await check('GET', `/connections/${connectionId}/accounts?limit=2&filter=needs-attention&q=a&sort=-name`);
    const auto = await check('POST', `/connections/${connectionId}/auto-maps`, { dryRun: true });
    await untilDone(call, 'north', `/runs/${auto.json.id}`);
    await check('GET', `/runs/${auto.json.id}`);
    await check('GET', `/accounts/${acme.key}/licenses`);
    const plan = await check('POST', '/imports', { connectionId, accountKey: acme.key });
    await check('GET', `/imports/${plan.json.planId}`);
    const run = await check('POST', `/imports/${plan.json.planId}/run`, {});
    await untilDone(call, 'north', `/runs/${run.json.id}`);
    await check('GET', `/runs/${run.json.id}`);
    await check('GET', '/runs');
    await check('POST', `/runs/${run.json.id}/cancel`);
    await check('DELETE', `/runs/${run.json.id}`);
    await check('POST', `/imports/${plan.json.planId}/run`, {});
    await check('POST', '/end-users/resolve', { accountKey: acme.key, email: 'someone.new@acme.example' });
    await check('POST', '/end-users/resolve', {
      accountKey: acme.key,
      email: world.gotoFake.users(acme.key)[0]?.email,
    });
    await check('GET', '/end-users/display-name?email=claire.johnson%40myorg.org');
    await check('GET', `/connections/nope`);
    await check('DELETE', `/connections/${connectionId}/mappings/${acme.key}`);
    await check('DELETE', `/connections/${connectionId}`);
    const streamed = ROUTES.filter((spec) => spec.stream).map((spec) => spec.operationId);
    const missing = ROUTES.map((spec) => spec.operationId).filter(
      (id) => !seen.has(id) && !streamed.includes(id),
    );
    expect(missing).toEqual([]);
  });

  it('declares a real schema for every success answer, never a bare object', async () => {
    const { call } = twoTenants(world);
    const document = (await call(null, 'GET', '/openapi.json')).json;
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses as Record<string, Json>).find(([status]) =>
          status.startsWith('2'),
        );
        const content = success?.[1].content;
        if (content['text/event-stream']) continue;
        const schema = content['application/json'].schema as Json;
        expect(
          Object.keys(schema.properties ?? schema.anyOf ?? {}).length,
          `${method} ${path}`,
        ).toBeGreaterThan(0);
      }
    }
  });
});
