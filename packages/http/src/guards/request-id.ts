/** The ids a proxy may hand in: short, plain, header-safe. Anything else is replaced by ours. */
const SAFE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id (SPEC H5): the app's proxy's `x-request-id` when it is a safe one, else a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && SAFE_ID.test(given) ? given : `req_${crypto.randomUUID()}`;
}
