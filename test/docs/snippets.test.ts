import { describe, expect, it } from 'vitest';
import { checkSnippets } from './check-snippets.js';

describe('documentation snippets', () => {
  it('type-check against the built packages, as a developer copying them would', () => {
    const { snippets, problems } = checkSnippets();
    expect(snippets).toBeGreaterThan(20);
    expect(problems.map((p) => `${p.where}: ${p.message}`)).toEqual([]);
  });
});
