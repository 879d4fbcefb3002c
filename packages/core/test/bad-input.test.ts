/**
 * Every bad input a newcomer met, answered with a typed error that names what was wrong
 * (VALIDATION for the shape of an argument, NOT_FOUND for what does not exist).
 */
import { createBridge, type PsaBridgeError } from '@psa-bridge/core';
import { createMemoryGoto, createMemoryPsa, createTestClock } from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';

async function setup() {
  const psa = createMemoryPsa({
    apiKey: 'memory-key',
    data: {
      companies: [{ id: '10', name: 'Acme', status: { id: '1', name: 'Active' }, types: [] }],
      contacts: [
        {
          id: '1',
          companyId: '10',
          firstName: 'Ann',
          lastName: 'Lee',
          email: 'ann@acme.example',
          emails: ['ann@acme.example'],
          active: true,
        },
      ],
    },
  });
  const goto = createMemoryGoto({ accounts: [{ name: 'Acme Corporation' }] });
  const bridge = createBridge({
    providers: [psa.provider],
    goto: goto.client(),
    connectOptions: { clock: createTestClock() },
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'memory',
    product: 'resolve',
    credentials: { apiKey: 'memory-key' },
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  const accountKey = goto.data.accounts[0]?.key ?? '';
  await bridge.mappings.save({ connectionId: saved.connection.id, accountKey, companyId: '10' });
  return { bridge, psa, goto, connectionId: saved.connection.id, accountKey };
}

async function rejection(work: () => unknown): Promise<PsaBridgeError> {
  try {
    await work();
  } catch (error) {
    return error as PsaBridgeError;
  }
  throw new Error('it did not reject');
}

describe('bad input gets a typed error naming the problem', () => {
  it('createBridge with a provider instead of a list, and without a GoTo client', async () => {
    const { psa, goto } = await setup();
    expect(() => createBridge({ providers: psa.provider as never, goto: goto.client() })).toThrow(
      /providers must be an array/,
    );
    expect(() => createBridge({ providers: [psa.provider] } as never)).toThrow(/goto must be a GoTo client/);
  });

  it('testAndSave(undefined), a misspelled product, an unknown provider', async () => {
    const { bridge } = await setup();
    expect(await rejection(() => bridge.connections.testAndSave(undefined as never))).toMatchObject({
      code: 'VALIDATION',
    });
    const misspelled = await rejection(() =>
      bridge.connections.testAndSave({
        providerId: 'memory',
        // @ts-expect-error a misspelled product does not compile either
        product: 'resovle',
        credentials: { apiKey: 'memory-key' },
      }),
    );
    expect(misspelled).toMatchObject({ code: 'VALIDATION', details: { field: 'product' } });
    expect(misspelled.message).toContain('resovle');
    const unknown = await rejection(() =>
      bridge.connections.testAndSave({ providerId: 'halo', product: 'resolve', credentials: {} } as never),
    );
    expect(unknown).toMatchObject({ code: 'VALIDATION', details: { field: 'providerId' } });
  });

  it('plan({}) names the missing fields; an unknown connection is NOT_FOUND, not an unmapped account', async () => {
    const { bridge, accountKey } = await setup();
    const empty = await rejection(() => bridge.imports.plan({} as never));
    expect(empty).toMatchObject({ code: 'VALIDATION', details: { fields: ['connectionId', 'accountKey'] } });
    const unknown = await rejection(() => bridge.imports.plan({ connectionId: 'nope', accountKey }));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND' });
    expect(unknown.message).toMatch(/connection/i);
  });

  it('licenseKeys must be a list, not a string', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    const error = await rejection(() =>
      bridge.imports.plan({ connectionId, accountKey, licenseKeys: 'bogus' as never }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION', details: { fields: ['licenseKeys'] } });
  });

  it('a mapping for an unknown or missing account key is refused: no orphan mappings', async () => {
    const { bridge, connectionId } = await setup();
    expect(
      await rejection(() => bridge.mappings.save({ connectionId, accountKey: 'nope', companyId: '10' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      details: { field: 'accountKey' },
    });
    expect(
      await rejection(() => bridge.mappings.save({ connectionId, companyId: '10' } as never)),
    ).toMatchObject({
      code: 'VALIDATION',
      details: { fields: ['accountKey'] },
    });
  });

  it('search page sizes must be whole numbers from 1 to 1000', async () => {
    const { bridge, connectionId } = await setup();
    for (const pageSize of [0, 2.5, 1001, -1]) {
      expect(await rejection(() => bridge.mappings.search(connectionId, {}, { pageSize }))).toMatchObject({
        code: 'VALIDATION',
        details: { fields: ['pageSize'] },
      });
    }
  });

  it('select ids the company does not have are reported on the plan', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey, select: ['1', '999'] });
    expect(plan.unknownContactIds).toEqual(['999']);
    expect(plan.rows.map((row) => row.contactId)).toEqual(['1']);
  });

  it('inbound mail for an unknown account is NOT_FOUND naming the account, not a raw 403', async () => {
    const { bridge } = await setup();
    const error = await rejection(() =>
      bridge.endUsers.resolveInbound({ accountKey: 'nope', email: 'a@b.example', channel: 'email' }),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', details: { field: 'accountKey' } });
    expect(
      await rejection(() =>
        bridge.endUsers.resolveInbound({ accountKey: 'x', email: 'a@b.example', channel: 'fax' as never }),
      ),
    ).toMatchObject({
      code: 'VALIDATION',
      details: { fields: ['channel'] },
    });
  });
});
