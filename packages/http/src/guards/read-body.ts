/** What reading a write's body gave: the parsed JSON, or why it was refused. */
export type BodyRead =
  | { readonly body: unknown }
  | { readonly status: 413 | 415 | 400; readonly message: string; readonly details: Record<string, unknown> };

/**
 * Reads a write's body as JSON (SPEC H5): the content type must be `application/json` on every
 * write, an empty body included (a form or `text/plain` post from another site is never read);
 * the body is read as a stream and reading stops at `maxBytes`, so a huge chunked body is
 * refused after `maxBytes`, not after all of it arrived. An empty body is `{}`.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return {
      status: 415,
      message: 'Send every write as JSON (content-type: application/json), also an empty one as {}',
      details: { field: 'content-type' },
    };
  }
  const tooLarge = {
    status: 413,
    message: `The request body is larger than ${maxBytes} bytes`,
    details: { maxBytes },
  } as const;
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) return tooLarge;
  const bytes = new Uint8Array(Math.min(maxBytes, 65_536));
  let buffer = bytes;
  let length = 0;
  const reader = request.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (length + value.length > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge;
      }
      if (length + value.length > buffer.length) {
        const grown = new Uint8Array(Math.min(maxBytes, Math.max(buffer.length * 2, length + value.length)));
        grown.set(buffer.subarray(0, length));
        buffer = grown;
      }
      buffer.set(value, length);
      length += value.length;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
  } catch {
    return { status: 400, message: 'The request body is not UTF-8 text', details: { field: 'body' } };
  }
  if (text.trim() === '') return { body: {} };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { status: 400, message: 'The request body is not valid JSON', details: { field: 'body' } };
  }
}
