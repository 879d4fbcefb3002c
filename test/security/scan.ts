import { inspect } from 'node:util';

/**
 * Everything an app can see of a value, as text: for errors the message, stack, `String()`,
 * `toJSON()`, a deep `util.inspect` with hidden properties, and every own property (enumerable
 * or not, symbols too) all the way down the cause chain; for other values JSON and inspection.
 */
export function everythingVisible(value: unknown): string {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (item: unknown, depth: number): void => {
    if (depth > 12) return;
    if (typeof item === 'string') {
      out.push(item);
      return;
    }
    if (typeof item !== 'object' || item === null) {
      out.push(String(item));
      return;
    }
    if (seen.has(item)) return;
    seen.add(item);
    out.push(inspect(item, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }));
    try {
      out.push(JSON.stringify(item) ?? '');
    } catch {
      // Cyclic: inspection covers it.
    }
    if (item instanceof Error) out.push(String(item), item.message, item.stack ?? '');
    for (const key of [...Object.getOwnPropertyNames(item), ...Object.getOwnPropertySymbols(item)]) {
      let child: unknown;
      try {
        child = (item as Record<PropertyKey, unknown>)[key];
      } catch {
        continue;
      }
      if (typeof child === 'function') continue;
      walk(child, depth + 1);
    }
  };
  walk(value, 0);
  return out.join('\n');
}

/** The spellings of a secret this suite looks for, written here apart from the redactor's own list. */
export function spellings(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ x: secret }).toString().slice(2);
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const b64 = Buffer.from(secret).toString('base64');
  return [
    secret,
    uri,
    lowerHex(uri),
    form,
    lowerHex(form),
    json,
    asciiJson,
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
  ];
}

/** Decodes every base64-looking run of `text` (at each alignment) and yields the decoded text. */
function* decodedRuns(text: string): Generator<string> {
  for (const match of text.matchAll(/[A-Za-z0-9+/_-]{8,}/g)) {
    for (let offset = 0; offset < 4; offset += 1) {
      const part = match[0].slice(offset).replace(/-/g, '+').replace(/_/g, '/');
      yield Buffer.from(part, 'base64').toString('latin1');
      yield Buffer.from(part, 'base64').toString('utf8');
    }
  }
}

/** Names the sentinels found in `text`, in any spelling, or inside any base64 run. */
export function leakedSentinels(text: string, sentinels: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(sentinels)) {
    if (spellings(secret).some((spelling) => text.includes(spelling))) {
      found.push(name);
      continue;
    }
    for (const decoded of decodedRuns(text)) {
      if (decoded.includes(secret)) {
        found.push(`${name} (inside base64)`);
        break;
      }
    }
  }
  return found;
}
