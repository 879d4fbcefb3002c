import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

it('is written with the adapter kit alone (SPEC C1): no import of core itself, nor of another adapter', () => {
  const imported = new Set<string>();
  for (const file of files(src)) {
    // Import and export statements only (examples in comments start with " * ").
    for (const match of readFileSync(file, 'utf8').matchAll(
      /^(?:import|export)\b[^;]*?from '([^'.][^']*)';/gm,
    )) {
      imported.add(match[1] ?? '');
    }
  }
  expect([...imported].sort()).toEqual([
    '@psa-bridge/core/adapter',
    '@psa-bridge/core/testing',
    '@psa-bridge/core/testing/msw',
    'zod',
  ]);
});
