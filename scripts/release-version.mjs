// The release flow's one step: `npm run release:version -- <version> --repository <https URL>`
// sets every published @psa-bridge package to <version> (they are versioned together), points
// their peer ranges at it, writes `repository`, `homepage` and `bugs` from the one repository
// address given here, turns the package READMEs' links into the repository (`../../docs/x.md`
// becomes `<repository>/blob/v<version>/docs/x.md`, which works on the registry's page too), and
// turns the CHANGELOG's "Unreleased" section into "<version> - <date>" with a fresh, empty
// "Unreleased" above it. It refuses a version that is not semver or not newer, a missing or
// non-https repository address, and an empty "Unreleased" section: every release says what
// changed. See docs/releasing.md.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

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

/** The repository's address as given, checked: https, no query, no trailing slash or `.git`. */
function repositoryUrl(repository) {
  if (!repository) {
    throw new Error('give the public repository address: --repository https://github.com/<owner>/<name>');
  }
  let url;
  try {
    url = new URL(repository);
  } catch {
    throw new Error(`"${repository}" is not a URL`);
  }
  if (url.protocol !== 'https:' || url.search || url.hash) {
    throw new Error(`"${repository}" must be an https address without a query`);
  }
  return url.href.replace(/\/$/, '').replace(/\.git$/, '');
}

/** Links of a package README that leave the package (`../../x`), pointed at the tagged repository. */
function absoluteLinks(markdown, base) {
  return markdown.replace(/\]\(\.\.\/\.\.\/([^)\s]+)\)/g, (_, target) => `](${base}/${target})`);
}

export function releaseVersion(
  root,
  version,
  { repository, today = new Date().toISOString().slice(0, 10) } = {},
) {
  if (!SEMVER.test(version)) throw new Error(`"${version}" is not a semver version like 0.2.0`);
  const repo = repositoryUrl(repository);
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
    const directory = relative(root, dirname(path));
    json.version = version;
    json.repository = { type: 'git', url: `git+${repo}.git`, directory };
    json.homepage = `${repo}/tree/main/${directory}#readme`;
    json.bugs = { url: `${repo}/issues` };
    const readme = join(dirname(path), 'README.md');
    if (existsSync(readme)) {
      writeFileSync(readme, absoluteLinks(readFileSync(readme, 'utf8'), `${repo}/blob/v${version}`));
    }
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
  const flag = process.argv.indexOf('--repository');
  const repository = flag > 0 ? process.argv[flag + 1] : process.env.PSA_BRIDGE_REPOSITORY;
  try {
    const released = releaseVersion(process.cwd(), version ?? '', { repository });
    console.log(`set ${released.join(', ')} to ${version}; CHANGELOG.md has its section.`);
    console.log(`Next: npm install (lock file), commit, tag v${version}, npm publish --workspaces.`);
  } catch (error) {
    console.error(`release:version: ${error.message}`);
    process.exit(2);
  }
}
