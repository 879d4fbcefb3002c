import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { adviceFor, type ErrorCode } from '@psa-bridge/core';
import { createTestClock } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** GitHub's anchor of a Markdown heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

/** Whether `docs` (a path with an anchor) names a heading that exists. */
const resolves = (docs: string) => {
  const [path, anchor] = docs.split('#');
  const text = readFileSync(`${root}${path}`, 'utf8');
  const anchors = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? ''));
  return anchors.includes(anchor ?? '');
};

const CODES: ErrorCode[] = [
  'CONFIGURATION',
  'VALIDATION',
  'AUTHENTICATION',
  'PERMISSION',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM',
  'NETWORK',
  'TIMEOUT',
  'RESPONSE_SHAPE',
  'ABORTED',
  'STORAGE',
  'INTERNAL',
];
const GUIDES = ['connectwise', 'autotask', 'halo', 'goto'].map(
  (vendor) => `docs/vendors/onboarding-${vendor}.md`,
);

describe('errors point somewhere (what to do, and the section that says more)', () => {
  it('every code, with and without a vendor guide, links a section that exists', () => {
    for (const code of CODES) {
      for (const guide of [undefined, ...GUIDES]) {
        const advice = adviceFor(code, guide);
        expect(advice.hint.length, code).toBeGreaterThan(10);
        expect(resolves(advice.docs), `${code} → ${advice.docs}`).toBe(true);
      }
    }
  });

  it('a vendor refusal carries its hint and its guide’s section, also in its JSON', async () => {
    const fake = createConnectWiseFake({ companies: 3, seed: 1, privateKey: 'the-key' });
    server.use(...mswHandlers(fake));
    const client = await connectwise().connect(
      { ...fake.credentials, privateKey: 'wrong' },
      { clock: createTestClock() },
    );
    const refused = await client.getCompany('1').catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'AUTHENTICATION',
      docs: 'docs/vendors/onboarding-connectwise.md#when-the-test-fails',
      hint: expect.stringContaining('credentials'),
    });
    expect(JSON.parse(JSON.stringify(refused))).toMatchObject({
      hint: expect.any(String),
      docs: expect.any(String),
    });
  });
});
