/** A PSA contact: a person at a customer company, the source of an import (SPEC I2). */
export interface Contact {
  /** The PSA's id, as a string. */
  readonly id: string;
  /** Id of the company the contact belongs to. */
  readonly companyId: string;
  /** First name; absent when the PSA has none (import then derives one, SPEC E3). */
  readonly firstName?: string;
  /** Last name; absent when the PSA has none. */
  readonly lastName?: string;
  /** The primary email address, chosen by the adapter's vendor rule; absent when there is none. */
  readonly email?: string;
  /** Every email address the PSA holds for the contact, primary first, without duplicates. */
  readonly emails: readonly string[];
  /** False for contacts the PSA marks inactive. */
  readonly active: boolean;
}

/** Options for listing a company's contacts. */
export interface ContactListOptions {
  /** Leave out inactive contacts. @default false */
  readonly activeOnly?: boolean;
}
