import { inspect } from 'node:util';
import { Secret } from '@psa-bridge/core';
import { createRedactor, isSecret, revealSecret } from '@psa-bridge/core/adapter';
import { describe, expect, it } from 'vitest';

describe('Secret (SPEC C7)', () => {
  const secret = new Secret('pr1vate-key-value');

  it('never shows its value in JSON, inspection or templates', () => {
    expect(JSON.stringify({ secret })).toBe('{"secret":"[REDACTED]"}');
    expect(inspect({ secret }, { depth: 5 })).not.toContain('pr1vate');
    expect(`${secret}`).toBe('[REDACTED]');
    expect(String(secret)).toBe('[REDACTED]');
  });

  it('gives the value back only through reveal', () => {
    expect(secret.reveal()).toBe('pr1vate-key-value');
    expect(revealSecret(secret)).toBe('pr1vate-key-value');
    expect(revealSecret('plain')).toBe('plain');
    expect(isSecret(secret)).toBe(true);
    expect(isSecret({ reveal: () => 'x' })).toBe(false);
  });

  it('wraps whole objects', () => {
    const credentials = new Secret({ privateKey: 'abc123456' });
    expect(JSON.stringify({ credentials })).not.toContain('abc123456');
    expect(credentials.reveal().privateKey).toBe('abc123456');
  });
});

describe('createRedactor', () => {
  const redactor = createRedactor(() => ['sup3r-secret', 'tok/en+value']);

  it('removes known secrets and their encoded forms from text', () => {
    const base64 = Buffer.from('sup3r-secret').toString('base64');
    const text = `key sup3r-secret, encoded ${encodeURIComponent('tok/en+value')}, basic ${base64}`;
    const redacted = redactor.text(text);
    expect(redacted).not.toContain('sup3r-secret');
    expect(redacted).not.toContain(base64);
    expect(redacted).not.toContain('tok%2Fen');
    expect(redacted).toContain('[REDACTED]');
  });

  it('removes secret-looking query values and user info from URLs', () => {
    const url = redactor.url(
      'https://user:pass@api.example/x?access_token=abc&refresh_token=def&page=2&code=xyz',
    );
    expect(url).toBe(
      'https://api.example/x?access_token=[REDACTED]&refresh_token=[REDACTED]&page=2&code=[REDACTED]',
    );
  });

  it('removes every spelling: form-encoded, lower-case hex, JSON-escaped, base64url, and base64 of pairs at any offset', () => {
    const secret = "R3fresh!~()*' é\u0001/+=";
    const own = createRedactor(() => [secret]);
    const form = new URLSearchParams({ refresh_token: secret }).toString();
    const lowerHex = encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
    const json = JSON.stringify({ token: secret });
    const asciiJson = json.replace(
      /[^\x20-\x7e]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    const pair = Buffer.from(`client-id:${secret}`).toString('base64');
    const shifted = Buffer.from(`xy+company+public:${secret}`).toString('base64');
    const url = Buffer.from(secret).toString('base64url');
    for (const text of [
      form,
      lowerHex,
      json,
      asciiJson,
      `Basic ${pair}`,
      `authorization=Basic%20${pair}`,
      shifted,
      url,
    ]) {
      const redacted = own.text(text);
      expect(redacted, text).toContain('[REDACTED]');
      for (const spelling of [secret, encodeURIComponent(secret), pair, url])
        expect(redacted).not.toContain(spelling);
    }
  });

  it('keeps ordinary text and tolerates text that is not a URL', () => {
    expect(redactor.text('nothing to hide')).toBe('nothing to hide');
    expect(redactor.url('not a url sup3r-secret')).toBe('not a url [REDACTED]');
  });
});
