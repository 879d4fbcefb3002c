import type { Secret } from '../secrets/secret.js';

/**
 * A saved connection between one GoTo product and one PSA account (SPEC C2), as apps see it:
 * no credentials, ever (C7).
 */
export interface Connection {
  /** Id assigned when the connection was saved. */
  readonly id: string;
  /** Provider id, like `connectwise` or `datto`. */
  readonly providerId: string;
  /** The GoTo product this connection is for, like `resolve` (one product per connection). */
  readonly product: string;
  /** A label the partner chose. */
  readonly label: string;
  /** When it was saved first (ISO 8601). */
  readonly createdAt: string;
  /** When its credentials last changed (ISO 8601). */
  readonly updatedAt: string;
}

/** A connection as stored: the public fields plus the credentials (secret). */
export interface ConnectionRecord extends Connection {
  /** The provider's validated credentials, wrapped so they never serialize. File stores seal them at rest. */
  readonly credentials: Secret<Readonly<Record<string, unknown>>>;
}
