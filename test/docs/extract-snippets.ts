import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A TypeScript code block of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** Line of the block's first code line in the Markdown file (1-based). */
  readonly line: number;
  /** The code. */
  readonly code: string;
}

/** The repository root. */
export const repositoryRoot = join(import.meta.dirname, '..', '..');

/** The Markdown files a developer reads: the README, the guides and every package README. */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(repositoryRoot, 'docs', name));
  const packages = readdirSync(join(repositoryRoot, 'packages')).map((name) =>
    join(repositoryRoot, 'packages', name, 'README.md'),
  );
  return [
    join(repositoryRoot, 'README.md'),
    join(repositoryRoot, 'examples', 'README.md'),
    ...docs,
    ...packages,
  ];
}

/**
 * The ```ts blocks of a Markdown file. A block right after a `<!-- snippet: not checked -->`
 * line is left out (a sketch of an interface, say); say why next to the marker.
 */
export function extractSnippets(path: string): Snippet[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i]?.trim() !== '```ts') continue;
    const skipped =
      lines[i - 1]?.includes('snippet: not checked') || lines[i - 2]?.includes('snippet: not checked');
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end += 1;
    if (!skipped)
      snippets.push({
        file: relative(repositoryRoot, path),
        line: start + 1,
        code: lines.slice(start, end).join('\n'),
      });
    i = end;
  }
  return snippets;
}
