import { readdirSync } from 'node:fs';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { SCHEMA_VERSION } from '@psa-bridge/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { demoVariables } from '../../packages/cli/src/setup/demo-variables.js';
import {
  startTestPostgres,
  type TestPostgres,
} from '../../packages/postgres/test/support/postgres-server.js';
import { examplesDir, runExample } from './run-example.js';

/** A real PostgreSQL for the PostgreSQL example, started on first use (as the package's tests do). */
let postgres: Promise<TestPostgres> | undefined;
afterAll(async () => {
  await (await postgres)?.stop();
});
async function envFor(file: string): Promise<Record<string, string>> {
  if (file !== 'postgres.ts') return {};
  postgres ??= startTestPostgres();
  return { DATABASE_URL: (await postgres).url };
}

/** What each example must print; every example in the folder needs an entry, so none can rot. */
const EXPECTED: Record<string, readonly (string | RegExp)[]> = {
  'quickstart.ts': [
    /✗ ConnectWise PSA with a wrong key: not saved\n\s+AUTHENTICATION at step "authenticate"/, // C4
    'Acme Corporation  match found', // M1, all three outcomes
    'Globex B.V.       multiple matches',
    'Initech LLC       no matches',
    '"Globex", active statuses, type Client: 1', // M2
    /Globex B\.V\.\s+Globex B\.V\. #9002\s+manual/, // M3
    '42 to create, 1 already in GoTo, 4 skipped (1 without email, 1 invalid, 1 duplicate, 1 inactive)', // I1-I3, I6: the run's groups
    'creating users 100%  47/47  created 42', // progress, piped: one line per quarter
    'created 42, existing 1, skipped 4, failed 0 (new in this run: 42)', // the plan's counts, run
    'planned once more:    0 to create, 43 already in GoTo', // I6
    'users in the GoTo account before and after: 44 and 44',
    'claire.johnson@myorg.org    weak         Claire Johnson (created now', // E3, E6
    'clairejohnson@myorg.org     weak         Clairejohnson Clairejohnson',
    'pieter.post@globex.example  strong', // E4, E6
    'Done.',
  ],
  'connectwise-import.ts': ['report: { created: 42, existing: 1, skipped: 3, failed: 0, newlyCreated: 42 }'],
  'datto-import.ts': [
    'interrupted after 4 users',
    'report: { created: 12, existing: 0, skipped: 0, failed: 0, newlyCreated: 12 }',
  ],
  'halo-import.ts': [
    'connected: HaloPSA for resolve',
    'review: Acme Corporation → found (Acme Corporation)',
    'statuses: Active, Inactive; top levels: Customers, Prospects, Suppliers',
    '"globex" among prospects: Globex B.V.',
    'plan: 9 to create, 1 skipped (1 inactive)',
    'interrupted after 3 users',
    'report: { created: 9, existing: 0, skipped: 1, failed: 0, newlyCreated: 9 }',
    'users in GoTo with an acme-halo.example address: 9, each once: true',
    'requests that could change Halo: 0',
  ],
  'auto-mapping.ts': [
    'near     Apreture & Sons 269 Oy',
    'saved 16 mappings after review',
    'alreadyMapped: 16',
  ],
  'end-users.ts': [
    'claire.johnson@myorg.org                 → Claire Johnson',
    'strong end users: { created: 4',
    'visitor.one@elsewhere.example → weak Visitor One (new)',
    "with the app's rule: johnson_c@myorg.org → C Johnson",
  ],
  'postgres.ts': [
    `→ ${SCHEMA_VERSION}`,
    'example-south: sees 0 connections',
    'auto-mapping: saved 2, to review 1',
    'import: created 42; again: new in this run 0',
    'inbound: claire.johnson@myorg.org → weak',
    'mapping health: 2 of 2 healthy',
    're-sealed 1 connection(s); readable with the new key alone: true',
  ],
  // node:test prints TAP or its spec report depending on the Node version.
  'third-party-adapter.ts': [/[#ℹ] pass 14/, /[#ℹ] fail 0/, 'ACME Corp → Acme Corporation'],
};

describe('the workers example (PostgreSQL, three worker processes, 20 partners)', () => {
  it("imports every partner once, the workers sharing GoTo's limit", { timeout: 180_000 }, async () => {
    const { code, output } = await runExample('workers/main.ts', {
      NO_COLOR: '1',
      ...(await envFor('postgres.ts')),
    });
    expect(code, output).toBe(0);
    expect(output).toContain('queued 20 imports; starting 3 workers');
    expect(output).toMatch(/progress: 20\/20 imports done/);
    const [, users, distinct, requests, rateLimited] =
      /GoTo users: (\d+), distinct: (\d+); GoTo requests: (\d+), 429 answers: (\d+)/.exec(output) ?? [];
    expect(Number(users)).toBeGreaterThan(400);
    expect(distinct).toBe(users);
    // Shared through the database, GoTo's limit holds: a 429 is a stray timing accident on a
    // loaded machine, never the rule.
    expect(Number(rateLimited)).toBeLessThanOrEqual(Number(requests) / 10);
    // Each partner imported into its own GoTo account, over its own tokens (the simulator refuses
    // an account of another partner with 403, so 20 finished imports prove it), none refused.
    const [, partners, , refused] =
      /GoTo accounts: (\d+) partners, each importing into its own; token refreshes (\d+), refused (\d+)/.exec(
        output,
      ) ?? [];
    expect(partners).toBe('20');
    expect(refused).toBe('0');
  });
});

describe('every example runs against the simulators', () => {
  it('has expectations for every example in the folder', () => {
    const examples = readdirSync(examplesDir).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.config.ts'),
    );
    expect(examples.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it.concurrent(file, async () => {
      const { code, output } = await runExample(file, { NO_COLOR: '1', ...(await envFor(file)) });
      expect(code, output).toBe(0);
      for (const text of expected) {
        if (typeof text === 'string') expect(output).toContain(text);
        else expect(output).toMatch(text);
      }
      // Not a TTY: plain text, no colour codes or redrawn progress bars.
      expect(output).not.toContain('\u001b[');
    });
  }
});

/** The environment a developer sets for real vendors, pointing at the simulators instead. */
const realVendorEnv = demoVariables;

const acmeUsers = (world: DemoWorld) =>
  world.gotoFake.users(world.gotoFake.account('Acme Corporation')?.key ?? '');

describe('the quickstart against "real" vendors (credentials from the environment)', () => {
  it('runs read-only without PSA_BRIDGE_WRITE, and never prints a credential', async () => {
    const world = await createDemoWorld();
    try {
      const env = realVendorEnv(world);
      const { code, output } = await runExample('quickstart.ts', env);
      expect(code, output).toBe(0);
      expect(output).toContain('Against your real vendors (read-only: PSA_BRIDGE_WRITE is not "yes")');
      expect(output).toContain('Stopping before writes');
      expect(output).toContain('5 to create'); // a handful of contacts, never a whole company
      expect(acmeUsers(world)).toHaveLength(2);
      const secrets = [
        env.GOTO_CLIENT_SECRET,
        env.GOTO_REFRESH_TOKEN,
        env.CW_PRIVATE_KEY,
        env.CW_PUBLIC_KEY,
        env.AUTOTASK_SECRET,
      ];
      for (const secret of secrets) expect(output).not.toContain(secret);
    } finally {
      await world.close();
    }
  });

  it('creates at most five users and five end users with PSA_BRIDGE_WRITE=yes', async () => {
    const world = await createDemoWorld();
    try {
      const { code, output } = await runExample('quickstart.ts', {
        ...realVendorEnv(world),
        PSA_BRIDGE_WRITE: 'yes',
      });
      expect(code, output).toBe(0);
      expect(output).toContain('created 5, existing 0, skipped 0, failed 0');
      expect(acmeUsers(world)).toHaveLength(2 + 5);
      const globex = world.gotoFake.users(world.gotoFake.account('Globex B.V.')?.key ?? '');
      expect(globex.length).toBeGreaterThan(0);
      expect(globex.length).toBeLessThanOrEqual(5);
    } finally {
      await world.close();
    }
  });

  it('runs against HaloPSA as the only PSA, creating at most five users, and never prints its secret', async () => {
    const world = await createDemoWorld();
    try {
      const {
        CW_SITE: _1,
        CW_COMPANY_ID: _2,
        CW_PUBLIC_KEY: _3,
        CW_PRIVATE_KEY: _4,
        CW_CLIENT_ID: _5,
        AUTOTASK_USERNAME: _6,
        AUTOTASK_SECRET: _7,
        AUTOTASK_INTEGRATION_CODE: _8,
        ...haloOnly
      } = realVendorEnv(world);
      const { code, output } = await runExample('quickstart.ts', { ...haloOnly, PSA_BRIDGE_WRITE: 'yes' });
      expect(code, output).toBe(0);
      expect(output).toMatch(
        /✗ HaloPSA with a wrong key: not saved\n\s+AUTHENTICATION at step "authenticate"/,
      );
      expect(output).toContain('HaloPSA for resolve: test passed, saved');
      expect(output).toMatch(/Acme Corporation\s+match found/);
      expect(output).toContain('types:    Customers, Prospects, Suppliers');
      expect(output).toContain('created 5, existing 0, skipped 0, failed 0');
      expect(output).not.toContain(haloOnly.HALO_CLIENT_SECRET);
      const created = acmeUsers(world).filter((user) => user.email.endsWith('@acme-halo.example'));
      expect(created).toHaveLength(5);
    } finally {
      await world.close();
    }
  });

  it('names the missing variables when a group is half set, without their values', async () => {
    const { code, output } = await runExample('quickstart.ts', {
      CW_SITE: 'na.myconnectwise.net',
      CW_PRIVATE_KEY: 'sentinel-private-value',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('Set CW_COMPANY_ID, CW_PUBLIC_KEY, CW_CLIENT_ID too');
    expect(output).not.toContain('sentinel-private-value');
  });
});
