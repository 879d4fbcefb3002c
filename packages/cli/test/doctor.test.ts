import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVariables } from '../src/setup/demo-variables.js';
import { cleanEnv, runBin } from './support/run-bin.js';

let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

interface DoctorJson {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly steps: readonly { vendor: string; step: string; status: string; reason?: string; fix?: string }[];
}

const doctor = async (env: Record<string, string>, ...args: string[]) => {
  const result = await runBin(['doctor', '--json', ...args], { env: cleanEnv(env) });
  return { ...result, json: JSON.parse(result.stdout) as DoctorJson };
};
const ALL_PSA_STEPS_PASS = [
  'credentials:pass',
  'reach:pass',
  'authenticate:pass',
  'read-companies:pass',
  'read-contacts:pass',
  'filters:pass',
];
const statuses = (json: DoctorJson, vendor: string) =>
  json.steps.filter((step) => step.vendor === vendor).map((step) => `${step.step}:${step.status}`);

describe('psa-bridge doctor', () => {
  it('passes every step against the demo world (--demo), in words and as JSON', async () => {
    const text = await runBin(['--demo', 'doctor'], { env: cleanEnv() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('✓ reach the site, find its API codebase and the company id: version');
    expect(text.stdout).toContain(
      '✓ the consent works: a token, and the partner’s customer accounts: 3 accounts',
    );
    expect(text.stdout).toContain('All checks passed.');
    const { code, json } = await doctor({}, '--demo');
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    expect(statuses(json, 'datto')).toEqual(ALL_PSA_STEPS_PASS);
    expect(statuses(json, 'halo')).toEqual(ALL_PSA_STEPS_PASS);
    expect(statuses(json, 'goto')).toEqual(['credentials:pass', 'consent:pass', 'licenses:pass']);
  });

  it('HaloPSA: a wrong client secret fails at authenticate with exit 4; a missing users permission at read-contacts', async () => {
    const wrong = "Halo~Wrong'Secret=9";
    const { code, stdout, json } = await doctor(
      { ...demoVariables(world), HALO_CLIENT_SECRET: wrong },
      '--psa',
      'halo',
    );
    expect(code).toBe(4);
    expect(json.steps.find((step) => step.status === 'fail')).toMatchObject({
      step: 'authenticate',
      reason: 'AUTHENTICATION',
    });
    expect(json.steps.find((step) => step.status === 'fail')?.fix).toContain('HALO_CLIENT_SECRET');
    for (const form of [wrong, encodeURIComponent(wrong)]) expect(stdout).not.toContain(form);
    world.halo.fake.state.permissions.users = false;
    try {
      const denied = await doctor(demoVariables(world), '--psa', 'halo');
      expect(denied.code).toBe(5);
      expect(denied.json.steps.find((step) => step.status === 'fail')).toMatchObject({
        step: 'read-contacts',
      });
    } finally {
      world.halo.fake.state.permissions.users = true;
    }
  });

  it('a wrong private key: authentication fails at its step, exit 4, a fix, and the key is never printed', async () => {
    const wrong = 'Wr0ng/Private+Key=42';
    const env = { ...demoVariables(world), CW_PRIVATE_KEY: wrong };
    const { code, stdout, stderr, json } = await doctor(env, '--psa', 'connectwise');
    expect(code).toBe(4);
    expect(statuses(json, 'connectwise')).toEqual([
      'credentials:pass',
      'reach:pass',
      'authenticate:fail',
      'read-companies:skipped',
      'read-contacts:skipped',
      'filters:skipped',
    ]);
    const failed = json.steps.find((step) => step.status === 'fail');
    expect(failed?.reason).toBe('AUTHENTICATION');
    expect(failed?.fix).toMatch(/CW_PUBLIC_KEY and CW_PRIVATE_KEY are one key pair/);
    const text = await runBin(['doctor', '--psa', 'connectwise'], { env: cleanEnv(env) });
    expect(text.stdout).toContain('fix: Check CW_COMPANY_ID');
    for (const printed of [stdout, stderr, text.stdout, text.stderr]) {
      for (const form of [wrong, encodeURIComponent(wrong), Buffer.from(wrong).toString('base64')]) {
        expect(printed).not.toContain(form);
      }
    }
  });

  it('a role that may not read contacts: exit 5 at read-contacts, companies passed', async () => {
    world.connectwise.fake.state.permissions.contacts = false;
    try {
      const { code, json } = await doctor(demoVariables(world), '--psa', 'connectwise');
      expect(code).toBe(5);
      expect(statuses(json, 'connectwise').slice(0, 5)).toEqual([
        'credentials:pass',
        'reach:pass',
        'authenticate:pass',
        'read-companies:pass',
        'read-contacts:fail',
      ]);
      expect(json.steps.find((step) => step.status === 'fail')?.fix).toMatch(/security role/);
    } finally {
      world.connectwise.fake.state.permissions.contacts = true;
    }
  });

  it('a site nobody answers on: exit 6 at reach', async () => {
    const { code, json } = await doctor(
      { ...demoVariables(world), CW_SITE: 'http://127.0.0.1:9' },
      '--psa',
      'connectwise',
    );
    expect(code).toBe(6);
    expect(json.steps.find((step) => step.status === 'fail')).toMatchObject({
      step: 'reach',
      reason: 'UNREACHABLE',
    });
  });

  it('variables half set: exit 3 naming the missing ones, no request needed', async () => {
    const { CW_PRIVATE_KEY: _dropped, CW_CLIENT_ID: _also, ...partial } = demoVariables(world);
    const { code, json } = await doctor(partial, '--psa', 'connectwise');
    expect(code).toBe(3);
    expect(json.steps[0]).toMatchObject({
      step: 'credentials',
      status: 'fail',
      detail: 'missing CW_PRIVATE_KEY, CW_CLIENT_ID',
    });
  });

  it('malformed credentials: the field is named, its value is not', async () => {
    const { code, stdout, json } = await doctor(
      { ...demoVariables(world), AUTOTASK_USERNAME: 'no-at-sign\r\nX-Evil: 1' },
      '--psa',
      'datto',
    );
    expect(code).toBe(3);
    expect(json.steps[0]).toMatchObject({ step: 'credentials', status: 'fail' });
    expect(json.steps[0]?.fix).toContain('userName');
    expect(stdout).not.toContain('no-at-sign');
  });

  it('a revoked GoTo refresh token: the consent step fails with exit 4 and says to consent again', async () => {
    const { code, json } = await doctor(
      { ...demoVariables(world), GOTO_REFRESH_TOKEN: 'revoked-token' },
      '--psa',
      'datto',
    );
    expect(code).toBe(4);
    expect(statuses(json, 'goto')).toEqual(['credentials:pass', 'consent:fail', 'licenses:skipped']);
    expect(json.steps.find((step) => step.status === 'fail')?.fix).toMatch(/consent step/);
  });

  it('no credentials at all: exit 3 and a message that names the variables and --demo', async () => {
    const result = await runBin(['doctor'], { env: cleanEnv() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/CW_SITE.*AUTOTASK_USERNAME.*--demo/s);
  });

  it('usage errors exit 2; --help exits 0 and lists the commands and exit codes', async () => {
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'doctor',
      'accounts',
      'automap',
      'search',
      'map',
      'plan',
      'import',
      'verify',
      'demo-world',
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect(help.stdout).toContain('130 stopped by Ctrl-C');
    expect((await runBin(['frobnicate'])).code).toBe(2);
    expect((await runBin(['--demo', 'import'])).code).toBe(2);
    expect((await runBin(['--demo', 'search', '--page-size', 'many'])).code).toBe(2);
    const psa = await runBin(['--demo', '--psa', 'syncro', 'accounts']);
    expect(psa.code).toBe(2);
    expect(psa.stderr).toContain('--psa must be one of connectwise, datto, halo');
  });
});
