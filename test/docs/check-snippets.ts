import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { documentationFiles, extractSnippets, repositoryRoot, type Snippet } from './extract-snippets.js';

/** A type error in a documentation snippet, located in its Markdown file. */
export interface SnippetProblem {
  readonly where: string;
  readonly message: string;
}

/**
 * A snippet as a module: its imports moved to the first line, the rest inside an async function
 * that opens on that line too, so snippets written as the body of an app's handler (`return`,
 * `await`) check as they read. Each import leaves an empty line behind, so line numbers are kept.
 */
function asModule(code: string): string {
  const lines = code.split('\n');
  const body = lines.map((line) => (/^import .* from '[^']+';$/.test(line) ? '' : line));
  const imports = lines.map((line) => (/^import .* from '[^']+';$/.test(line) ? line : '')).filter(Boolean);
  return `${imports.join(' ')} export async function snippet() { ${body.join('\n')}\n}\n`;
}

/** Where the snippets are written to be checked (git-ignored), inside the repository so packages resolve. */
const workDir = join(repositoryRoot, 'test', 'docs', '.snippets');

/**
 * Type-checks every ```ts block of the docs against the built packages' declarations, the way
 * a developer's editor would after copying it (strict, NodeNext). Each block is its own module;
 * names a block uses without defining them (an app's own values, like `clientId`) come from
 * `snippet-globals.d.ts`.
 */
export function checkSnippets(): { snippets: number; problems: SnippetProblem[] } {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const byPath = new Map<string, Snippet>();
  for (const file of documentationFiles()) {
    for (const snippet of extractSnippets(file)) {
      const name = `${snippet.file.replace(/[^A-Za-z0-9]+/g, '-')}-${snippet.line}.ts`;
      const path = join(workDir, name);
      writeFileSync(path, asModule(snippet.code));
      byPath.set(path, snippet);
    }
  }
  const program = ts.createProgram(
    [...byPath.keys(), join(repositoryRoot, 'test', 'docs', 'snippet-globals.d.ts')],
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      skipLibCheck: true,
    },
  );
  const problems = ts.getPreEmitDiagnostics(program).map((diagnostic): SnippetProblem => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const snippet = diagnostic.file ? byPath.get(diagnostic.file.fileName) : undefined;
    if (!diagnostic.file || !snippet || diagnostic.start === undefined) {
      return { where: diagnostic.file?.fileName ?? '(program)', message };
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return { where: `${snippet.file}:${snippet.line + line}`, message };
  });
  return { snippets: byPath.size, problems };
}
