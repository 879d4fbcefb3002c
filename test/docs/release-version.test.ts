import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { releaseVersion } from '../../scripts/release-version.mjs';

const REPOSITORY = 'https://github.com/example-owner/psa-bridge';
const releaseWith = releaseVersion as (
  root: string,
  version: string,
  options?: { repository?: string; today?: string },
) => string[];
const release = (root: string, version: string, today?: string) =>
  releaseWith(root, version, { repository: REPOSITORY, ...(today ? { today } : {}) });

/** A scratch repository with two published packages, a private one and a CHANGELOG. */
function scratch(
  changelog = '# Changelog\n\n## Unreleased\n\n- Added a thing.\n\n## 0.1.0 - 2026-01-01\n\n- First.\n',
) {
  const root = mkdtempSync(join(tmpdir(), 'release-'));
  const write = (name: string, json: object) => {
    mkdirSync(join(root, 'packages', name), { recursive: true });
    writeFileSync(join(root, 'packages', name, 'package.json'), JSON.stringify(json));
  };
  write('core', { name: '@psa-bridge/core', version: '0.1.0' });
  write('goto', {
    name: '@psa-bridge/goto',
    version: '0.1.0',
    peerDependencies: { '@psa-bridge/core': '^0.1.0', msw: '^2.0.0' },
  });
  write('internal', { name: 'internal', version: '0.0.0', private: true });
  writeFileSync(
    join(root, 'packages', 'core', 'README.md'),
    'See [the docs](../../docs/connections.md#test), [the root](../../README.md) and [here](src/x.md).\n',
  );
  writeFileSync(join(root, 'CHANGELOG.md'), changelog);
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  return { root, read, json: (name: string) => JSON.parse(read(`packages/${name}/package.json`)) };
}

describe('the release flow (npm run release:version)', () => {
  it('versions the published packages together and dates the CHANGELOG section', () => {
    const repo = scratch();
    expect(release(repo.root, '0.2.0', '2026-11-23')).toEqual(['@psa-bridge/core', '@psa-bridge/goto']);
    expect(repo.json('core').version).toBe('0.2.0');
    expect(repo.json('goto').peerDependencies).toEqual({ '@psa-bridge/core': '^0.2.0', msw: '^2.0.0' });
    expect(repo.json('internal').version).toBe('0.0.0');
    expect(repo.read('CHANGELOG.md')).toContain('## Unreleased\n\n## 0.2.0 - 2026-11-23\n\n- Added a thing.');
  });

  it('writes repository, homepage and bugs from the one address given, and README links that work on the registry', () => {
    const repo = scratch();
    release(repo.root, '0.2.0', '2026-11-23');
    expect(repo.json('goto')).toMatchObject({
      repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: 'packages/goto' },
      homepage: `${REPOSITORY}/tree/main/packages/goto#readme`,
      bugs: { url: `${REPOSITORY}/issues` },
    });
    expect(repo.json('internal').repository).toBeUndefined();
    expect(repo.read('packages/core/README.md')).toBe(
      `See [the docs](${REPOSITORY}/blob/v0.2.0/docs/connections.md#test), [the root](${REPOSITORY}/blob/v0.2.0/README.md) and [here](src/x.md).\n`,
    );
  });

  it('refuses to release without a repository address, or with one that is not https', () => {
    expect(() => releaseWith(scratch().root, '0.2.0')).toThrow(/give the public repository address/);
    expect(() => releaseWith(scratch().root, '0.2.0', { repository: 'http://example.test/x' })).toThrow(
      /must be an https address/,
    );
    expect(() => releaseWith(scratch().root, '0.2.0', { repository: 'not a url' })).toThrow(/is not a URL/);
  });

  it('refuses a version that is not semver, not newer, or a release that says nothing', () => {
    expect(() => release(scratch().root, 'v0.2')).toThrow(/not a semver version/);
    expect(() => release(scratch().root, '0.1.0')).toThrow(/not newer than @psa-bridge\/core@0.1.0/);
    expect(() => release(scratch('# Changelog\n\n## Unreleased\n\n## 0.1.0\n').root, '0.2.0')).toThrow(
      /"Unreleased" is empty/,
    );
    expect(() => release(scratch('# Changelog\n').root, '0.2.0')).toThrow(/no "## Unreleased" section/);
  });
});
