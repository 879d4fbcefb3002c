/**
 * How a simulated vendor reads the text of a `contains` search. Neither ConnectWise nor Autotask
 * documents whether `%`, `_` or `[…]` in it are wildcards, so simulators serve both ways:
 * - `literal`: a plain substring test, without regard to letter case;
 * - `like`: the value is pasted into SQL Server's `LIKE '%value%'`: `%` any run, `_` one
 *   character, `[a-z]` / `[^a]` a character class (the behaviour an adapter must not trust).
 */
export type ContainsMode = 'literal' | 'like';

const cache = new Map<string, RegExp>();

/** A SQL Server `LIKE` pattern as a regular expression (whole text, any letter case). */
export function sqlLikePattern(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (regex) return regex;
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] as string;
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else if (char === '[' && chars.indexOf(']', i + 1) > i + 1) {
      const end = chars.indexOf(']', i + 1);
      const body = chars.slice(i + 1, end).join('');
      const negated = body.startsWith('^');
      const set = (negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&');
      source += `[${negated ? '^' : ''}${set}]`;
      i = end;
    } else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  regex = new RegExp(`^${source}$`, 'isu');
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, regex);
  return regex;
}

/** Whether `text` contains `value` as the simulated vendor would decide, per {@link ContainsMode}. */
export function vendorContains(text: string, value: string, mode: ContainsMode): boolean {
  return mode === 'like'
    ? sqlLikePattern(`%${value}%`).test(text)
    : text.toLowerCase().includes(value.toLowerCase());
}
