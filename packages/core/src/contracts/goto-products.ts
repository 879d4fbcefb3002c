/**
 * The GoTo products a connection can be for (SPEC C2), by the short names psa-bridge uses. An app
 * whose partners use another product passes it in `createBridge({ products })`; any other name
 * is refused, so a misspelled product is never saved.
 */
export const GOTO_PRODUCTS = [
  'resolve',
  'rescue',
  'connect',
  'central',
  'meeting',
  'webinar',
  'training',
  'pro',
] as const;

/** One of {@link GOTO_PRODUCTS}. */
export type GotoProduct = (typeof GOTO_PRODUCTS)[number];
