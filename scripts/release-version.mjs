// The release flow's one step: `npm run release:version -- <version>` sets every published
// @psa-bridge package to <version> (they are versioned together), points their peer ranges at
// it, and turns the CHANGELOG's "Unreleased" section into "<version> - <date>" with a fresh,
// empty "Unreleased" above it. It refuses a version that is not semver or not newer, and an empty
// "Unreleased" section: every release says what changed. See docs/releasing.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** Compares two semver versions without pre-release precedence subtleties beyond "has one". */
function compare(a, b) {
  const [pa, pb] = [SEMVER.exec(a), SEMVER.exec(b)];
  for (let i = 1; i <= 3; i += 1) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) return diff;
  }
  if (pa[4] === pb[4]) return 0;
  if (pa[4] === undefined) return 1;
  if (pb[4] === undefined) return -1;
  return pa[4] < pb[4] ? -1 : 1;
}

export function releaseVersion(root, version, today = new Date().toISOString().slice(0, 10)) {
  if (!SEMVER.test(version)) throw new Error(`"${version}" is not a semver version like 0.2.0`);
  const manifests = readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name, 'package.json'))
    .map((path) => ({ path, json: JSON.parse(readFileSync(path, 'utf8')) }))
    .filter(({ json }) => !json.private);
  const names = new Set(manifests.map(({ json }) => json.name));
  for (const { json } of manifests) {
    if (compare(version, json.version) <= 0) {
      throw new Error(`${version} is not newer than ${json.name}@${json.version}`);
    }
  }
  const changelogPath = join(root, 'CHANGELOG.md');
  const changelog = readFileSync(changelogPath, 'utf8');
  const match = /^## Unreleased\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog);
  if (!match) throw new Error('CHANGELOG.md has no "## Unreleased" section');
  if (match[1].trim() === '') throw new Error('CHANGELOG.md: "Unreleased" is empty; say what changed first');
  for (const { path, json } of manifests) {
    json.version = version;
    for (const field of ['dependencies', 'peerDependencies']) {
      for (const dep of Object.keys(json[field] ?? {})) {
        if (names.has(dep)) json[field][dep] = `^${version}`;
      }
    }
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  }
  writeFileSync(
    changelogPath,
    changelog.replace(/^## Unreleased\n/m, `## Unreleased\n\n## ${version} - ${today}\n`),
  );
  return manifests.map(({ json }) => json.name);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const version = process.argv[2];
  try {
    const released = releaseVersion(process.cwd(), version ?? '');
    console.log(`set ${released.join(', ')} to ${version}; CHANGELOG.md has its section.`);
    console.log(`Next: npm install (lock file), commit, tag v${version}, npm publish --workspaces.`);
  } catch (error) {
    console.error(`release:version: ${error.message}`);
    process.exit(2);
  }
}
