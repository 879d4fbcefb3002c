/**
 * The repository stands on its own: every relative link in its Markdown and every `@see` that is
 * not a URL resolves to a file inside it, and nothing (sources, docs, built `.d.ts` files)
 * points at a folder beside the repository. A clone with nothing next to it must read whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && existsSync(join(root, file)));
/** A path that leaves the repository: `..` past its root. */
const outside = (from: string, target: string): boolean =>
  relative(root, resolve(root, dirname(from), target)).startsWith('..');
const SIBLING_FOLDER = ['..', 'shared'].join('/');

describe('the repository is self-contained', () => {
  it('every relative Markdown link resolves inside the repository', () => {
    const broken: string[] = [];
    for (const file of tracked.filter((name) => name.endsWith('.md'))) {
      const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (match[1] ?? '').split('#')[0] ?? '';
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        if (outside(file, target) || !existsSync(resolve(root, dirname(file), target)))
          broken.push(`${file} -> ${match[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every @see in the sources is a URL or a file inside the repository', () => {
    const broken: string[] = [];
    for (const file of tracked.filter((name) => /\.(ts|mts|mjs|js)$/.test(name))) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(/@see\s+(\S+)/g)) {
        const target = match[1] ?? '';
        if (/^(https?:\/\/|\{@link|[A-Za-z_$][\w$.]*$)/.test(target)) continue;
        if (outside(file, target) || !existsSync(resolve(root, dirname(file), target)))
          broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no tracked file and no built declaration names the folder beside the repository', () => {
    const offenders = tracked.filter(
      (file) =>
        !file.endsWith('package-lock.json') &&
        readFileSync(join(root, file), 'utf8').includes(SIBLING_FOLDER),
    );
    const built = readdirSync(join(root, 'packages')).flatMap((name) =>
      declarations(join(root, 'packages', name, 'dist')),
    );
    const builtOffenders = built.filter((file) => readFileSync(file, 'utf8').includes(SIBLING_FOLDER));
    expect([...offenders, ...builtOffenders.map((file) => relative(root, file))]).toEqual([]);
  });
});

function declarations(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return declarations(path);
    return name.endsWith('.d.ts') ? [path] : [];
  });
}
