import {
  ERROR_CODES,
  HttpError,
  isHttpError,
  isPsaBridgeError,
  isRateLimitError,
  isResponseShapeError,
  PsaBridgeError,
  RateLimitError,
  ResponseShapeError,
} from '@psa-bridge/core';
import { connectionTestFailure } from '@psa-bridge/core/adapter';
import { describe, expect, expectTypeOf, it } from 'vitest';

describe('PsaBridgeError', () => {
  it('carries a code, details and the cause', () => {
    const cause = new Error('socket closed');
    const error = new PsaBridgeError('NETWORK', 'GET https://x.example/a failed', {
      cause,
      details: { url: 'x' },
    });
    expect(error.code).toBe('NETWORK');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ url: 'x' });
    expect(error).toBeInstanceOf(Error);
  });

  it('serializes to JSON without its cause', () => {
    const error = new PsaBridgeError('UPSTREAM', 'boom', { cause: { secret: 'hidden-value' } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'PsaBridgeError',
      code: 'UPSTREAM',
      message: 'boom',
      details: {},
    });
  });

  it('says what was called in HTTP errors', () => {
    const error = new HttpError('AUTHENTICATION', {
      method: 'GET',
      url: 'https://api.example/company/companies',
      status: 401,
      vendorMessage: 'The supplied authentication is incorrect',
    });
    expect(error.message).toBe(
      'GET https://api.example/company/companies → 401: The supplied authentication is incorrect',
    );
    expect(error.status).toBe(401);
    expect(isHttpError(error)).toBe(true);
  });

  it('keeps retryAfterMs on rate-limit errors and zod issues on shape errors', () => {
    const limited = new RateLimitError({ method: 'GET', url: 'u', status: 429 }, 2000);
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.retryAfterMs).toBe(2000);
    expect(isRateLimitError(limited)).toBe(true);
    const shape = new ResponseShapeError('GET u', [{ path: 'items[0].name', message: 'expected string' }]);
    expect(shape.message).toBe('Unexpected response from GET u: items[0].name: expected string');
    expect(isResponseShapeError(shape)).toBe(true);
    expect(isRateLimitError(shape)).toBe(false);
  });

  it('guards recognise errors from another copy of the package by their brand', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'VALIDATION',
      [Symbol.for('@psa-bridge/error')]: true,
    });
    expect(isPsaBridgeError(foreign)).toBe(true);
    expect(isPsaBridgeError(foreign, 'VALIDATION')).toBe(true);
    expect(isPsaBridgeError(foreign, 'NETWORK')).toBe(false);
    expect(isPsaBridgeError(new Error('plain'))).toBe(false);
    expect(isPsaBridgeError(null)).toBe(false);
  });

  it('narrows types', () => {
    const value: unknown = new PsaBridgeError('VALIDATION', 'x');
    if (isPsaBridgeError(value)) expectTypeOf(value.code).toEqualTypeOf<(typeof ERROR_CODES)[number]>();
    expect(ERROR_CODES).toContain('RESPONSE_SHAPE');
  });
});

describe('connectionTestFailure (SPEC C4)', () => {
  const refused = new HttpError('AUTHENTICATION', {
    method: 'GET',
    url: 'https://psa.example/api/system/info',
    status: 401,
    vendorMessage: 'The supplied authentication is incorrect',
  });

  it("puts the adapter's summary first, then the vendor's words, then what to do; no request line", () => {
    const result = connectionTestFailure('authenticate', refused, 'The PSA refused the keys');
    expect(result).toEqual({
      ok: false,
      step: 'authenticate',
      reason: 'AUTHENTICATION',
      message:
        'The PSA refused the keys ("The supplied authentication is incorrect"). Check the credentials and enter them again.',
    });
  });

  it("falls back to the error's own message without a summary, and rethrows ABORTED", () => {
    const result = connectionTestFailure(
      'reach',
      new PsaBridgeError('NETWORK', 'psa.example did not answer'),
    );
    expect(result).toMatchObject({
      reason: 'UNREACHABLE',
      message: expect.stringMatching(/^psa\.example did not answer\. Check the host/),
    });
    expect(() => connectionTestFailure('reach', new PsaBridgeError('ABORTED', 'stop'))).toThrow('stop');
  });
});

describe('validation errors that help', () => {
  it('name each field once, in psa-bridge’s words for a missing one', async () => {
    const { z } = await import('zod');
    const { checkArgument } = await import('../src/guard/check-arguments.js');
    const schema = z.object({ site: z.string().min(5).includes('.'), clientId: z.string() });
    // zod reports `site` twice (too short, no dot): the error names it once, with both reasons.
    expect(
      schema.safeParse({ site: 'abc' }).error?.issues.filter((issue) => issue.path[0] === 'site'),
    ).toHaveLength(2);
    const error = (() => {
      try {
        checkArgument(schema, { site: 'abc' }, 'connect(credentials)');
      } catch (caught) {
        return caught as { message: string; details: { fields: string[] } };
      }
      return undefined;
    })();
    expect(error?.details.fields).toEqual(['site', 'clientId']);
    expect(error?.message).toMatch(/clientId: is required/);
    expect(error?.message).not.toMatch(/received undefined/);
  });
});
