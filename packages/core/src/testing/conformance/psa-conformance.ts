import assert from 'node:assert/strict';
import type { Company } from '../../contracts/company.js';
import type { PsaClient } from '../../contracts/psa-client.js';
import { isResponseShapeError } from '../../errors/guards.js';
import type { Clock } from '../../http/clock.js';
import { assertNoSecrets, collect, rejectsWithCode } from './assertions.js';
import { type PsaConformanceSeed, psaConformanceSeed } from './psa-seed.js';
import { type ConformanceSessionBase, sessionRunner } from './session.js';
import type { ConformanceTestApi } from './test-api.js';

/** What a harness gets to build one backend and client. */
export interface PsaConformanceContext {
  /** Load this into the backend, companies in order. */
  readonly seed: PsaConformanceSeed;
  /** Pass this clock to the client: it records waits and returns at once. */
  readonly clock: Clock;
}

/** Switches the suite flips on the backend. */
export interface PsaConformanceFaults {
  /** The next request answers 429 with `Retry-After: <seconds>`; `times` in a row. */
  rateLimitNext(retryAfterSeconds: number, times?: number): void;
  /** The next request that returns data answers 200 with a body that breaks the vendor's shape. */
  malformNext(): void;
}

/** One backend with a client, built by the harness for one test. */
export interface PsaConformanceSession extends ConformanceSessionBase<PsaClient> {
  /** A company id that does not exist in the backend. */
  readonly unknownCompanyId: string;
  /** Fault switches. */
  readonly faults: PsaConformanceFaults;
}

/** An adapter under test: builds a fresh seeded backend and client per test. */
export interface PsaConformanceTarget {
  /** Shown in test names. */
  readonly name: string;
  /** Builds the backend from `context.seed` and a client for it. */
  setup(context: PsaConformanceContext): Promise<PsaConformanceSession>;
}

const includes = (name: string, fragment: string): boolean =>
  name.toLowerCase().includes(fragment.toLowerCase());

/**
 * Declares the conformance tests every {@link PsaClient} must pass (ARCHITECTURE: "every adapter
 * passes the conformance suite"): paging in order with `break`, name search that no input can
 * widen, status and type filters, `null` for not-found, contacts with their primary email,
 * `AUTHENTICATION` without retries, 429 retried after `Retry-After`, malformed payloads as
 * `ResponseShapeError`, and no secret in any error.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * runPsaClientConformance({ name: 'my-psa', setup: async ({ seed, clock }) => mySession(seed, clock) }, { describe, it });
 * ```
 */
export function runPsaClientConformance(target: PsaConformanceTarget, test: ConformanceTestApi): void {
  const seed = psaConformanceSeed();
  const withSession = sessionRunner(seed, (context) => target.setup(context));
  const statusId = async (client: PsaClient, name: string): Promise<string> => {
    const status = (await client.listCompanyStatuses()).find((candidate) => candidate.name === name);
    assert.ok(status, `status ${name} is listed`);
    return status.id;
  };
  const typeId = async (client: PsaClient, name: string): Promise<string> => {
    const type = (await client.listCompanyTypes()).find((candidate) => candidate.name === name);
    assert.ok(type, `type ${name} is listed`);
    return type.id;
  };
  const names = (companies: readonly Company[]): string[] => companies.map((company) => company.name);

  test.describe(`PsaClient conformance: ${target.name}`, () => {
    test.it(
      'lists every company once, in order, across pages',
      withSession(async ({ client }) => {
        const companies = await collect(client.listCompanies());
        assert.deepEqual(
          names(companies),
          seed.companies.map((company) => company.name),
        );
        assert.equal(
          new Set(companies.map((company) => company.id)).size,
          companies.length,
          'ids are unique',
        );
        for (const company of companies) assert.equal(typeof company.id, 'string');
      }),
    );

    test.it(
      'stops fetching when the consumer breaks',
      withSession(async (session) => {
        const before = session.requests();
        await collect(session.client.listCompanies());
        const full = session.requests() - before;
        const start = session.requests();
        for await (const company of session.client.listCompanies()) {
          assert.ok(company);
          break;
        }
        const partial = session.requests() - start;
        assert.ok(full >= 2, `listing every company takes several pages (took ${full} requests)`);
        assert.ok(
          partial < full,
          `breaking after one company made ${partial} requests, a full listing ${full}`,
        );
      }),
    );

    test.it(
      'searches names by fragment, ignoring letter case',
      withSession(async ({ client }) => {
        for (const fragment of ['acme', 'ACME', 'company 01', 'café', '(holdings)']) {
          const found = await collect(client.searchCompanies({ name: fragment }));
          const expected = seed.companies.filter((company) => includes(company.name, fragment));
          assert.deepEqual(
            names(found),
            expected.map((company) => company.name),
            `search "${fragment}"`,
          );
        }
      }),
    );

    test.it(
      'treats quotes, wildcards and query syntax in a name as plain text',
      withSession(async ({ client }) => {
        const fragments = ["o'brien", '"quoted"', `'quotes' "here"`, '100%', '%', '_', 'back\\slash', 'sons'];
        for (const fragment of fragments) {
          const found = await collect(client.searchCompanies({ name: fragment }));
          const expected = seed.companies
            .filter((company) => includes(company.name, fragment))
            .map((c) => c.name);
          assert.deepEqual(names(found), expected, `search "${fragment}"`);
        }
        const attacks = [
          'x" or id>0 or name="',
          "x' or 1=1 or name='",
          ') or (1=1',
          'a" OR "1"="1',
          '%" or name like "%',
        ];
        for (const attack of attacks) {
          assert.deepEqual(
            await collect(client.searchCompanies({ name: attack })),
            [],
            `attack ${attack} finds nothing`,
          );
        }
      }),
    );

    test.it(
      'filters by status and by type, alone and with a name',
      withSession(async ({ client }) => {
        const inactive = await statusId(client, 'Inactive');
        const vendor = await typeId(client, 'Vendor');
        const byStatus = await collect(client.listCompanies({ statusIds: [inactive] }));
        assert.deepEqual(
          names(byStatus),
          seed.companies.filter((c) => c.status === 'Inactive').map((c) => c.name),
        );
        const byType = await collect(client.listCompanies({ typeIds: [vendor] }));
        assert.deepEqual(
          names(byType),
          seed.companies.filter((c) => c.type === 'Vendor').map((c) => c.name),
        );
        const both = await collect(
          client.searchCompanies({ name: 'company', statusIds: [inactive], typeIds: [vendor] }),
        );
        const expected = seed.companies.filter(
          (c) => includes(c.name, 'company') && c.status === 'Inactive' && c.type === 'Vendor',
        );
        assert.deepEqual(
          names(both),
          expected.map((c) => c.name),
        );
        assert.ok(
          byStatus.every((company) => company.status?.name === 'Inactive'),
          'companies carry their status',
        );
        assert.ok(
          byType.every((company) => company.types?.some((type) => type.name === 'Vendor')),
          'and their types',
        );
      }),
    );

    test.it(
      'lists statuses with their inactive flag, and types',
      withSession(async ({ client }) => {
        const statuses = await client.listCompanyStatuses();
        for (const expected of seed.statuses) {
          const status = statuses.find((candidate) => candidate.name === expected.name);
          assert.ok(status, `status ${expected.name}`);
          assert.equal(status.inactive, expected.inactive);
        }
        const types = (await client.listCompanyTypes()).map((type) => type.name);
        for (const expected of seed.types) assert.ok(types.includes(expected.name), `type ${expected.name}`);
      }),
    );

    test.it(
      'gets a company by id, and null for an unknown id',
      withSession(async ({ client, unknownCompanyId }) => {
        const [first] = await collect(client.searchCompanies({ name: 'Acme Corporation' }));
        assert.ok(first);
        assert.deepEqual(await client.getCompany(first.id), first);
        assert.equal(await client.getCompany(unknownCompanyId), null);
      }),
    );

    test.it(
      'lists contacts of one company with the primary email first',
      withSession(async ({ client, unknownCompanyId }) => {
        const [acme] = await collect(client.searchCompanies({ name: 'Acme Corporation' }));
        assert.ok(acme);
        const contacts = await collect(client.listContacts(acme.id));
        const expected = seed.companies[0]?.contacts ?? [];
        assert.deepEqual(
          contacts.map((c) => [c.firstName, c.lastName, c.email, [...c.emails], c.active, c.companyId]),
          expected.map((c) => [c.firstName, c.lastName, c.emails[0], [...c.emails], c.active, acme.id]),
        );
        const active = await collect(client.listContacts(acme.id, { activeOnly: true }));
        assert.deepEqual(
          active.map((c) => c.lastName),
          expected.filter((c) => c.active).map((c) => c.lastName),
        );
        assert.deepEqual(await collect(client.listContacts(unknownCompanyId)), []);
      }),
    );

    test.it(
      'passes its connection test',
      withSession(async ({ client }) => {
        const result = await client.testConnection();
        assert.ok(result.ok, `connection test failed: ${result.ok ? '' : result.message}`);
      }),
    );

    test.it(
      'fails with AUTHENTICATION for a wrong secret, without retrying',
      withSession(async (session) => {
        let client: PsaClient;
        try {
          client = await session.connectWithBadCredentials();
        } catch (error) {
          await rejectsWithCode(Promise.reject(error), 'AUTHENTICATION');
          assertNoSecrets(error, session.secrets);
          return;
        }
        const result = await client.testConnection();
        assert.equal(result.ok, false);
        assert.equal(result.ok ? undefined : result.reason, 'AUTHENTICATION');
        const before = session.authFailures();
        const error = await rejectsWithCode(collect(client.listCompanies()), 'AUTHENTICATION');
        assert.equal(session.authFailures() - before, 1, 'an authentication failure is not retried');
        assertNoSecrets(error, session.secrets);
        assertNoSecrets(result, session.secrets);
      }),
    );

    test.it(
      'retries a 429 after the advertised Retry-After',
      withSession(async (session, clock) => {
        session.faults.rateLimitNext(7);
        // Companies always come from the vendor (statuses may be fixed, as Autotask's are).
        const companies = await collect(session.client.listCompanies());
        assert.equal(companies.length, seed.companies.length);
        assert.ok(
          clock.sleeps.some((ms) => ms >= 7000),
          `waited ${clock.sleeps.join(', ')} ms, expected ≥ 7000`,
        );
      }),
    );

    test.it(
      'gives RATE_LIMITED once retries run out',
      withSession(async (session) => {
        session.faults.rateLimitNext(1, 50);
        const error = await rejectsWithCode(collect(session.client.listCompanies()), 'RATE_LIMITED');
        assertNoSecrets(error, session.secrets);
      }),
    );

    test.it(
      'turns a malformed payload into a ResponseShapeError naming the field',
      withSession(async (session) => {
        session.faults.malformNext();
        const error = await rejectsWithCode(collect(session.client.listCompanies()), 'RESPONSE_SHAPE');
        assert.ok(isResponseShapeError(error));
        assert.ok(error.issues.length > 0 && error.issues[0]?.path !== '', 'the error names the field');
        assertNoSecrets(error, session.secrets);
      }),
    );
  });
}
