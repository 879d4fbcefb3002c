/**
 * Where a simulator answers when it stands in for a vendor's real host through msw, described
 * without msw's types: an app that only serves a simulator on a loopback port never needs msw,
 * and the adapters' `/fake/msw` entries turn these routes into msw request handlers.
 */
export interface MswRoute {
  /** The HTTP method the route answers, or `all`. */
  readonly method: 'all' | 'post';
  /** An msw path pattern on the vendor's origin, for example `https://api.getgo.com/admin/rest/v1/*`. */
  readonly url: string;
}

/** A simulator that msw can put in front of the vendor's real hosts. */
export interface MswRoutable {
  /** The vendor URLs this simulator answers. */
  readonly mswRoutes: readonly MswRoute[];
  /** Answers one request as the vendor would. */
  handle(request: Request): Promise<Response>;
}
