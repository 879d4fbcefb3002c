/**
 * Renew this long before the access token expires: a quarter of its lifetime, at most a minute.
 * A fixed minute would make every call refresh a token that lives less than one.
 */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.max(0, Math.min(60_000, Math.floor(lifetimeMs / 4)));
}
