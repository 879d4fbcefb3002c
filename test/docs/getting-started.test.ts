// docs/getting-started.md is the first page a newcomer follows, so it is run and checked as
// written: its demo-world program runs, every command names scripts, folders, workspaces and
// bins that exist, and it names every PSA, every credential variable and every onboarding guide.
// (CI's `npm run smoke:packed` runs its install lines and the same program in a scratch app.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './extract-snippets.js';

const guide = readFileSync(join(repositoryRoot, 'docs', 'getting-started.md'), 'utf8');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The ```sh blocks of the guide, one command per line (comments and continuations joined). */
function shellCommands(): string[] {
  const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.flatMap((block) =>
    block
      .replaceAll('\\\n', ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
}

/** Workspace folder (relative) for each package name, and the scripts and bins it has. */
function workspaces(): Map<string, { folder: string; scripts: string[]; bins: string[]; private: boolean }> {
  const found = new Map();
  for (const parent of ['packages', 'examples', 'bench', 'test']) {
    const folders =
      parent === 'packages'
        ? readdirSync(join(repositoryRoot, parent)).map((n) => `${parent}/${n}`)
        : [parent];
    for (const folder of folders) {
      const path = join(repositoryRoot, folder, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = readJson(path);
      found.set(manifest.name, {
        folder,
        scripts: Object.keys(manifest.scripts ?? {}),
        bins: typeof manifest.bin === 'string' ? [manifest.name] : Object.keys(manifest.bin ?? {}),
        private: manifest.private === true,
      });
    }
  }
  return found;
}

describe('docs/getting-started.md, as written', () => {
  it('its demo-world program runs and creates GoTo users with licenses from listLicenses', () => {
    const program = /```ts\n([\s\S]*?)```/.exec(guide.slice(guide.indexOf('### The demo world')))?.[1];
    expect(program, 'a ts block under "The demo world"').toBeDefined();
    expect(program).toContain('listLicenses');
    const folder = join(repositoryRoot, '.tmp', 'getting-started');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'program.ts'), program ?? '');
    const output = execFileSync(
      process.execPath,
      [join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(folder, 'program.ts')],
      { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    // The demo story: match found, multiple and no matches; users created for the found ones.
    expect(output).toMatch(/: found\n/);
    expect(output).toMatch(/: multiple\n/);
    expect(output).toMatch(/: none\n/);
    const created = [...output.matchAll(/ {2}(\d+) GoTo users created, licenses: (.+)/g)];
    expect(created.length).toBeGreaterThan(0);
    expect(created.some(([, count]) => Number(count) > 0)).toBe(true);
    expect(created.every(([, , licenses]) => licenses !== 'none')).toBe(true);
  });

  it('every command names scripts, workspaces, folders, files and bins that exist', () => {
    const known = workspaces();
    const rootScripts = Object.keys(readJson(join(repositoryRoot, 'package.json')).scripts);
    const byFolder = new Map([...known.values()].map((w) => [w.folder, w]));
    const problems: string[] = [];
    let directory = '.';
    const commands = shellCommands();
    expect(commands.length).toBeGreaterThan(8);
    for (const command of commands) {
      for (const part of command.split('&&').map((p) => p.trim())) {
        const words = part.split(/\s+/).filter((word) => !/^[A-Z_]+=/.test(word));
        const workspaceFlags = words.flatMap((word, i) => (word === '-w' ? [words[i + 1] ?? ''] : []));
        for (const flag of workspaceFlags) {
          if (!known.has(flag) && !byFolder.has(flag)) problems.push(`${part}: no workspace ${flag}`);
        }
        if (words[0] === 'cd') {
          directory = words[1] ?? '.';
          if (!existsSync(join(repositoryRoot, directory))) problems.push(`${part}: no folder ${directory}`);
        } else if (words[0] === 'npm' && words[1] === 'run') {
          const script = words[2] ?? '';
          const where = workspaceFlags[0];
          const scripts = where
            ? (known.get(where) ?? byFolder.get(where))?.scripts
            : directory === '.'
              ? rootScripts
              : byFolder.get(directory)?.scripts;
          if (!scripts?.includes(script)) problems.push(`${part}: no script "${script}"`);
        } else if (words[0] === 'npm' && words[1] === 'test') {
          if (!rootScripts.includes('test')) problems.push(`${part}: no test script`);
        } else if (words[0] === 'npx' && words[1] === 'tsx') {
          if (!existsSync(join(repositoryRoot, directory, words[2] ?? ''))) problems.push(`${part}: no file`);
        } else if (words[0] === 'npx') {
          if (![...known.values()].some((w) => w.bins.includes(words[1] ?? '')))
            problems.push(`${part}: no workspace has the bin ${words[1]}`);
        } else if (words[0] === 'npm' && words[1] === 'install') {
          for (const name of words.filter((word) => word.startsWith('@psa-bridge/'))) {
            if (!known.has(name) || known.get(name)?.private)
              problems.push(`${part}: ${name} is not a published package`);
          }
          if (words.some((word) => word.includes('../')))
            problems.push(`${part}: assumes where the checkout is`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('installs @psa-bridge/demo as a dev dependency, both from tarballs and from the registry', () => {
    const installs = shellCommands().filter(
      (command) => command.startsWith('npm install') && command.includes('demo'),
    );
    expect(installs.length).toBe(2);
    for (const line of installs) expect(line).toMatch(/^npm install --save-dev /);
    expect(guide).not.toMatch(/demo`? \(a dev dependency\)/);
  });

  it('the examples table lists scripts the examples workspace runs', () => {
    const scripts = Object.keys(readJson(join(repositoryRoot, 'examples', 'package.json')).scripts);
    const rows = [...guide.matchAll(/^\| `([\w-]+)(\.ts|\/)`/gm)].map((match) => match[1] ?? '');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('names every PSA, its credential variables and its onboarding guide', () => {
    const world = readFileSync(join(repositoryRoot, 'examples', 'support', 'world.ts'), 'utf8');
    const variables = [...world.matchAll(/const \w+_VARS = \[([^\]]+)\]/g)].flatMap((match) =>
      [...(match[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((name) => name[1] ?? ''),
    );
    expect(variables).toContain('HALO_CLIENT_SECRET');
    expect(variables.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
    const guides = readdirSync(join(repositoryRoot, 'docs', 'vendors')).filter((name) =>
      name.startsWith('onboarding-'),
    );
    expect(guides.length).toBe(4);
    expect(guides.filter((name) => !guide.includes(`(vendors/${name})`))).toEqual([]);
    for (const psa of ['ConnectWise PSA', 'Datto Autotask PSA', 'HaloPSA']) expect(guide).toContain(psa);
  });

  it('counts the simulators right, here and wherever a page counts them', () => {
    const simulators = readdirSync(join(repositoryRoot, 'packages')).filter((name) => {
      const exports = readJson(join(repositoryRoot, 'packages', name, 'package.json')).exports ?? {};
      return './fake' in exports;
    });
    expect(simulators.sort()).toEqual(['connectwise', 'datto', 'goto', 'halo']);
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
    const pages = [
      join(repositoryRoot, 'README.md'),
      ...readdirSync(join(repositoryRoot, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(repositoryRoot, 'docs', name)),
    ];
    const wrong = pages.flatMap((page) =>
      [...readFileSync(page, 'utf8').matchAll(/\b(\w+) simulators\b/gi)]
        .filter((match) => words.includes((match[1] ?? '').toLowerCase()))
        .filter((match) => (match[1] ?? '').toLowerCase() !== words[simulators.length])
        .map((match) => `${page}: ${match[0]}`),
    );
    expect(wrong).toEqual([]);
    expect(guide).toMatch(/four simulators/);
  });
});
