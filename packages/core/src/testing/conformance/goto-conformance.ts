import assert from 'node:assert/strict';
import type { GotoClient } from '../../contracts/goto-client.js';
import type { GotoAccount, License } from '../../contracts/goto-types.js';
import { isResponseShapeError } from '../../errors/guards.js';
import type { Clock } from '../../http/clock.js';
import { assertNoSecrets, collect, rejectsWithCode } from './assertions.js';
import { type GotoConformanceSeed, gotoConformanceSeed } from './goto-seed.js';
import { type ConformanceSessionBase, sessionRunner } from './session.js';
import type { ConformanceTestApi } from './test-api.js';

/** What a harness gets to build one backend and client. */
export interface GotoConformanceContext {
  /** Load this into the backend. */
  readonly seed: GotoConformanceSeed;
  /** Pass this clock to the client. */
  readonly clock: Clock;
}

/** Switches the suite flips on the backend. */
export interface GotoConformanceFaults {
  /** The next request answers 429 (GoTo sends no `Retry-After`); `times` in a row. */
  rateLimitNext(times?: number): void;
  /** The next request that returns data answers 200 with a body that breaks GoTo's shape. */
  malformNext(): void;
}

/** One backend with a client, built by the harness for one test. */
export interface GotoConformanceSession extends ConformanceSessionBase<GotoClient> {
  /** Fault switches. */
  readonly faults: GotoConformanceFaults;
}

/** A GoTo client under test. */
export interface GotoConformanceTarget {
  /** Shown in test names. */
  readonly name: string;
  /** Builds the backend from `context.seed` and a client for it. */
  setup(context: GotoConformanceContext): Promise<GotoConformanceSession>;
}

/**
 * Declares the conformance tests every {@link GotoClient} must pass: accounts and licenses with
 * string keys, users paged in order with `break`, case-insensitive lookup by email in batches,
 * per-user create outcomes (created, existing, failed) that make repeats harmless, seat
 * exhaustion per user, license assignment, `AUTHENTICATION` without retries, 429 retried with
 * backoff, malformed payloads as `ResponseShapeError`, and no token in any error.
 */
export function runGotoClientConformance(target: GotoConformanceTarget, test: ConformanceTestApi): void {
  const seed = gotoConformanceSeed();
  const acmeSeed = seed.accounts[0];
  assert.ok(acmeSeed);
  const withSession = sessionRunner(seed, (context) => target.setup(context));
  const acme = async (client: GotoClient): Promise<GotoAccount> => {
    const account = (await client.listAccounts()).find((candidate) => candidate.name === 'Acme Corporation');
    assert.ok(account, 'account Acme Corporation is listed');
    return account;
  };
  const license = (licenses: readonly License[], name: string): License => {
    const found = licenses.find((candidate) => candidate.name === name);
    assert.ok(found, `license ${name} is listed with its name`);
    return found;
  };

  test.describe(`GotoClient conformance: ${target.name}`, () => {
    test.it(
      'lists accounts with string keys',
      withSession(async ({ client }) => {
        const accounts = await client.listAccounts();
        assert.deepEqual(
          accounts.map((account) => account.name),
          seed.accounts.map((account) => account.name),
        );
        for (const account of accounts) assert.match(account.key, /^\S+$/);
      }),
    );

    test.it(
      'lists licenses with products, and seats only where known',
      withSession(async ({ client }) => {
        const licenses = await client.listLicenses((await acme(client)).key);
        for (const expected of acmeSeed.licenses) {
          const actual = license(licenses, expected.name);
          assert.deepEqual([...actual.products], [...expected.products]);
          assert.deepEqual(actual.seats, expected.seats);
        }
      }),
    );

    test.it(
      'lists users in order across pages, and stops on break',
      withSession(async (session) => {
        const { key } = await acme(session.client);
        const before = session.requests();
        const users = await collect(session.client.listUsers(key));
        const full = session.requests() - before;
        assert.deepEqual(
          users.map((user) => user.email),
          acmeSeed.users.map((user) => user.email),
        );
        assert.ok(users.every((user) => user.role === 'member' && typeof user.key === 'string'));
        const start = session.requests();
        for await (const user of session.client.listUsers(key)) {
          assert.ok(user);
          break;
        }
        assert.ok(full >= 2, `listing users takes several pages (took ${full})`);
        assert.ok(session.requests() - start < full, 'breaking stops fetching');
      }),
    );

    test.it(
      'finds users by email in any letter case, many at once',
      withSession(async ({ client }) => {
        const { key } = await acme(client);
        const asked = [
          ...acmeSeed.users.map((user) => user.email.toUpperCase()),
          ...Array.from({ length: 40 }, (_, i) => `nobody${i}@acme.example`),
        ];
        const found = await client.findUsersByEmail(key, asked);
        assert.deepEqual([...found.keys()].sort(), acmeSeed.users.map((user) => user.email).sort());
        assert.equal(found.get('user01@acme.example')?.lastName, 'Number 01');
      }),
    );

    test.it(
      'creates users once: created, existing and failed per user',
      withSession(async ({ client }) => {
        const { key } = await acme(client);
        const resolve = license(await client.listLicenses(key), 'Resolve');
        const batch = [
          { email: 'new.one@acme.example', firstName: 'New', lastName: 'One' },
          { email: 'USER05@ACME.EXAMPLE', firstName: 'User', lastName: 'Five' },
          { email: 'not-an-email', firstName: 'Bad', lastName: 'Address' },
          { email: 'new.two@acme.example', firstName: 'New', lastName: 'Two' },
        ];
        const options = { licenseKeys: [resolve.key], sendWelcomeEmail: false };
        const first = await client.createUsers(key, batch, options);
        assert.deepEqual(
          first.map((outcome) => outcome.status),
          ['created', 'existing', 'failed', 'created'],
        );
        const created = first[0];
        assert.ok(created?.status === 'created');
        assert.ok(created.user.licenseKeys.includes(resolve.key), 'created users get the licenses');
        assert.equal(created.user.role, 'member');
        const failed = first[2];
        assert.ok(failed?.status === 'failed' && failed.code === 'VALIDATION');
        const again = await client.createUsers(key, batch, options);
        assert.deepEqual(
          again.map((outcome) => outcome.status),
          ['existing', 'existing', 'failed', 'existing'],
        );
        const emails = (await collect(client.listUsers(key))).map((user) => user.email.toLowerCase());
        assert.equal(emails.filter((email) => email === 'new.one@acme.example').length, 1);
      }),
    );

    test.it(
      'reports names beyond GoTo limits per user',
      withSession(async ({ client }) => {
        const { key } = await acme(client);
        const [outcome] = await client.createUsers(
          key,
          [{ email: 'long.name@acme.example', firstName: 'F'.repeat(40), lastName: 'Short' }],
          { licenseKeys: [], sendWelcomeEmail: false },
        );
        assert.ok(outcome);
        if (outcome.status === 'created') {
          assert.ok(outcome.warnings.length > 0, 'a clipped name comes with a warning');
          assert.ok((outcome.user.firstName ?? '').length <= 32);
        } else {
          assert.equal(outcome.status, 'failed');
          assert.equal(outcome.code, 'VALIDATION');
        }
      }),
    );

    test.it(
      'fails only the users a license has no seat for',
      withSession(async ({ client }) => {
        const { key } = await acme(client);
        const tiny = license(await client.listLicenses(key), 'Tiny');
        const outcomes = await client.createUsers(
          key,
          [
            { email: 'seat.a@acme.example', firstName: 'Seat', lastName: 'A' },
            { email: 'seat.b@acme.example', firstName: 'Seat', lastName: 'B' },
          ],
          { licenseKeys: [tiny.key], sendWelcomeEmail: false },
        );
        const statuses = outcomes.map((outcome) => outcome.status).sort();
        assert.deepEqual(statuses, ['created', 'failed']);
        const failed = outcomes.find((outcome) => outcome.status === 'failed');
        assert.equal(failed?.status === 'failed' ? failed.code : undefined, 'CONFLICT');
      }),
    );

    test.it(
      'assigns licenses to an existing user; NOT_FOUND for an unknown one',
      withSession(async ({ client }) => {
        const { key } = await acme(client);
        const connect = license(await client.listLicenses(key), 'Connect');
        const user = (await client.findUsersByEmail(key, ['user10@acme.example'])).get('user10@acme.example');
        assert.ok(user);
        const updated = await client.assignLicenses(key, user.key, [connect.key]);
        assert.ok(updated.licenseKeys.includes(connect.key));
        await rejectsWithCode(client.assignLicenses(key, '1', [connect.key]), 'NOT_FOUND');
      }),
    );

    test.it(
      'fails with AUTHENTICATION for refused credentials, without retrying',
      withSession(async (session) => {
        let client: GotoClient;
        try {
          client = await session.connectWithBadCredentials();
        } catch (error) {
          await rejectsWithCode(Promise.reject(error), 'AUTHENTICATION');
          assertNoSecrets(error, session.secrets);
          return;
        }
        const before = session.authFailures();
        const error = await rejectsWithCode(client.listAccounts(), 'AUTHENTICATION');
        assert.ok(
          session.authFailures() - before <= 2,
          'refused credentials are not retried (one renewal at most)',
        );
        assertNoSecrets(error, session.secrets);
      }),
    );

    test.it(
      'backs off and retries a 429 without Retry-After',
      withSession(async (session, clock) => {
        session.faults.rateLimitNext(2);
        const accounts = await session.client.listAccounts();
        assert.ok(accounts.length > 0);
        assert.ok(clock.sleeps.filter((ms) => ms > 0).length >= 2, `waited ${clock.sleeps.join(', ')} ms`);
      }),
    );

    test.it(
      'turns a malformed payload into a ResponseShapeError',
      withSession(async (session) => {
        session.faults.malformNext();
        const error = await rejectsWithCode(session.client.listAccounts(), 'RESPONSE_SHAPE');
        assert.ok(isResponseShapeError(error));
        assertNoSecrets(error, session.secrets);
      }),
    );
  });
}
