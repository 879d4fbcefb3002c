import { checkNextPageUrl, paginate } from '@psa-bridge/core/adapter';
import { collect } from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';

describe('paginate', () => {
  const pages = (count: number, size: number) => {
    const fetched: number[] = [];
    const iterable = paginate(0, async (page: number) => {
      fetched.push(page);
      const items = Array.from({ length: size }, (_, i) => page * size + i);
      return { items, next: page + 1 < count ? page + 1 : undefined };
    });
    return { iterable, fetched };
  };

  it('yields every item of every page in order', async () => {
    const { iterable, fetched } = pages(3, 2);
    expect(await collect(iterable)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fetched).toEqual([0, 1, 2]);
  });

  it('fetches no further page after break', async () => {
    const { iterable, fetched } = pages(5, 2);
    for await (const item of iterable) if (item === 1) break;
    expect(fetched).toEqual([0]);
  });

  it('stops on an empty page even if a next cursor is given', async () => {
    let calls = 0;
    const iterable = paginate(0, async () => {
      calls += 1;
      return { items: [], next: 1 };
    });
    expect(await collect(iterable)).toEqual([]);
    expect(calls).toBe(1);
  });

  it('rejects with ABORTED between pages once the signal fires', async () => {
    const controller = new AbortController();
    const iterable = paginate(
      0,
      async (page: number) => {
        if (page === 1) controller.abort();
        return { items: [page], next: page + 1 };
      },
      controller.signal,
    );
    await expect(collect(iterable)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('paginate always ends', () => {
  it('a cursor already read is RESPONSE_SHAPE naming the vendor and the listing', async () => {
    const iterable = paginate(
      'a',
      async (cursor: string) => ({ items: [cursor], next: cursor === 'a' ? 'b' : 'a' }),
      {
        service: 'Acme PSA',
        operation: 'companies',
      },
    );
    await expect(collect(iterable)).rejects.toMatchObject({
      code: 'RESPONSE_SHAPE',
      message: expect.stringMatching(/Acme PSA named a page of companies that was already read/),
    });
  });

  it('stops at maxPages with RESPONSE_SHAPE', async () => {
    let calls = 0;
    const iterable = paginate(
      0,
      async (page: number) => {
        calls += 1;
        return { items: [page], next: page + 1 };
      },
      { maxPages: 7 },
    );
    await expect(collect(iterable)).rejects.toMatchObject({
      code: 'RESPONSE_SHAPE',
      message: expect.stringMatching(/maxPages/),
    });
    expect(calls).toBe(7);
  });

  it('a page the adapter emptied (read > 0) does not end paging; one the vendor sent empty does', async () => {
    const iterable = paginate(0, async (page: number) =>
      page < 3
        ? { items: page === 1 ? [] : [page], next: page + 1, read: 2 }
        : { items: [], next: 99, read: 0 },
    );
    expect(await collect(iterable)).toEqual([0, 2]);
  });
});

describe('checkNextPageUrl (SPEC C8)', () => {
  const page = 'https://api.example/v1/things?page=1';
  it('resolves a relative link against the page that named it, on the same origin', () => {
    expect(checkNextPageUrl('/v1/things?page=2', page, 'https://api.example', 'Test')).toBe(
      'https://api.example/v1/things?page=2',
    );
  });

  it('refuses a link to another origin with UPSTREAM naming the origin only', () => {
    expect(() =>
      checkNextPageUrl('https://evil.example/steal?key=1', page, 'https://api.example', 'Test'),
    ).toThrow(
      expect.objectContaining({
        code: 'UPSTREAM',
        details: expect.objectContaining({ origin: 'https://evil.example' }),
      }),
    );
  });

  it('refuses a link that is not an http(s) URL with RESPONSE_SHAPE, never a TypeError', () => {
    for (const garbage of ['http://[::1', 'javascript:alert(1)', 'mailto:a@b.c', 'ftp://api.example/x']) {
      expect(() => checkNextPageUrl(garbage, page, 'https://api.example', 'Test')).toThrow(
        expect.objectContaining({ code: 'RESPONSE_SHAPE' }),
      );
    }
  });
});
