/**
 * Type tests of the public API as an app sees it (STYLE: type tests for the public types).
 * They run in `npm run typecheck`: a wrong `expectTypeOf` or an unused `@ts-expect-error` fails
 * it; at run time they only check that the calls are made.
 */
import { type ConnectWiseCredentials, connectwise } from '@psa-bridge/connectwise';
import {
  type Company,
  type Connection,
  createBridge,
  type ImportReport,
  type InboundResolution,
  type MatchResult,
  type PlanRequest,
  type PsaProvider,
  type SaveResult,
} from '@psa-bridge/core';
import { createMemoryGoto } from '@psa-bridge/core/testing';
import { type AutotaskCredentials, datto } from '@psa-bridge/datto';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('public types', () => {
  it('providers carry their credentials type, and a bridge takes any of them (SPEC C1, C3)', () => {
    expectTypeOf(connectwise()).toEqualTypeOf<PsaProvider<ConnectWiseCredentials, 'connectwise'>>();
    expectTypeOf(datto()).toEqualTypeOf<PsaProvider<AutotaskCredentials, 'datto'>>();
    const bridge = createBridge({ providers: [connectwise(), datto()], goto: createMemoryGoto().client() });
    expect(bridge.providers.size).toBe(2);
    // @ts-expect-error a bridge needs its GoTo client
    expect(() => createBridge({ providers: [] })).toThrow(/GoTo client/);
  });

  it("product is typed from the bridge's products, so a misspelling does not compile (SPEC C2)", async () => {
    const bridge = createBridge({ providers: [connectwise()], goto: createMemoryGoto().client() });
    const credentials = {
      site: 'na.myconnectwise.net',
      companyId: 'msp',
      publicKey: 'p',
      privateKey: 'k',
      clientId: 'id',
    };
    await expect(
      // @ts-expect-error 'resolv' is not one of GOTO_PRODUCTS
      bridge.connections.testAndSave({ providerId: 'connectwise', product: 'resolv', credentials }),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'product' } });
    // An app that adds a product gets it typed too.
    const extended = createBridge({
      providers: [connectwise()],
      goto: createMemoryGoto().client(),
      products: ['resolve', 'lastpass'],
    });
    expectTypeOf(extended.connections.testAndSave)
      .parameter(0)
      .toHaveProperty('product')
      .toEqualTypeOf<'resolve' | 'lastpass'>();
  });

  it('testAndSave checks the credentials of the provider named, and only known providers (SPEC C3)', () => {
    const bridge = createBridge({ providers: [connectwise(), datto()], goto: createMemoryGoto().client() });
    const cw: ConnectWiseCredentials = {
      site: 'na.myconnectwise.net',
      companyId: 'msp',
      publicKey: 'p',
      privateKey: 'k',
      clientId: 'id',
    };
    const at: AutotaskCredentials = { userName: 'api@msp.example', secret: 's', integrationCode: 'C' };
    const save = bridge.connections.testAndSave;
    expectTypeOf(save).toBeCallableWith({ providerId: 'connectwise', product: 'resolve', credentials: cw });
    expectTypeOf(save).toBeCallableWith({ providerId: 'datto', product: 'resolve', credentials: at });
    // @ts-expect-error Autotask credentials for the ConnectWise provider
    void (() => save({ providerId: 'connectwise', product: 'resolve', credentials: at }));
    // @ts-expect-error a provider the bridge was not given
    void (() => save({ providerId: 'halo', product: 'resolve', credentials: cw }));
  });

  it('a save result must be narrowed before use, and a connection has no credentials (SPEC C4, C7)', () => {
    const use = (result: SaveResult): string => {
      // @ts-expect-error the connection exists only when the test passed
      void result.connection;
      return result.saved ? result.connection.id : `${result.failure.reason}: ${result.failure.message}`;
    };
    expectTypeOf(use).returns.toEqualTypeOf<string>();
    expectTypeOf<Connection>().not.toHaveProperty('credentials');
  });

  it('outcomes are closed unions an app can switch over exhaustively (SPEC M1, E6)', () => {
    expectTypeOf<MatchResult['outcome']>().toEqualTypeOf<'found' | 'none' | 'multiple'>();
    // A found match always has its company; the other outcomes never do.
    expectTypeOf<Extract<MatchResult, { outcome: 'found' }>['company']>().toEqualTypeOf<Company>();
    expectTypeOf<Exclude<MatchResult, { outcome: 'found' }>['company']>().toEqualTypeOf<undefined>();
    expectTypeOf<InboundResolution['kind']>().toEqualTypeOf<'strong' | 'weak'>();
    expectTypeOf<keyof ImportReport['totals']>().toEqualTypeOf<
      'created' | 'existing' | 'skipped' | 'failed' | 'newlyCreated'
    >();
    expectTypeOf<ImportReport['rows'][number]['outcome']>().toEqualTypeOf<
      'created' | 'existing' | 'skipped' | 'failed'
    >();
  });

  it('a selection is contact ids or a test, nothing else (SPEC I3)', () => {
    expectTypeOf<{ connectionId: string; accountKey: string; select: string[] }>().toExtend<PlanRequest>();
    expectTypeOf<{
      connectionId: string;
      accountKey: string;
      select: number[];
    }>().not.toExtend<PlanRequest>();
  });
});
