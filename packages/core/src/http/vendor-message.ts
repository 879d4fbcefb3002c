const MAX_LENGTH = 300;

/**
 * Picks a human-readable message out of an error body of any common shape
 * (`{message}`, `{errors: ["…"]}`, `{errors: [{message}]}`, `{errors: [{code}]}`, OAuth's
 * `{error_description}`), or the start of a text body.
 */
export function extractVendorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return clip(body.trim());
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.message === 'string') parts.push(record.message);
  if (Array.isArray(record.errors)) {
    for (const entry of record.errors.slice(0, 3)) {
      if (typeof entry === 'string') parts.push(entry);
      else if (typeof entry === 'object' && entry !== null) {
        const item = entry as Record<string, unknown>;
        const text = item.message ?? item.code;
        if (typeof text === 'string') parts.push(text);
      }
    }
  }
  if (typeof record.error_description === 'string') parts.push(record.error_description);
  else if (typeof record.error === 'string') parts.push(record.error);
  return parts.length > 0 ? clip(parts.join('; ')) : undefined;
}

function clip(text: string): string | undefined {
  if (text === '') return undefined;
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}
