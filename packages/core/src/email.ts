/**
 * Email helpers of psa-bridge on their own (SPEC E3): the display name an address gets and the
 * one email identity psa-bridge compares addresses by. A bridge uses them for weak end users and
 * for contacts without names; `createBridge({ nameRule })` takes a {@link DisplayNameRule}.
 *
 * @example
 * ```ts
 * import { displayNameFromEmail } from '@psa-bridge/core/email';
 * displayNameFromEmail('claire.johnson@myorg.org').displayName; // 'Claire Johnson'
 * ```
 *
 * @module
 */
export {
  type DisplayName,
  type DisplayNameOptions,
  type DisplayNameRule,
  displayNameFromEmail,
  type PersonName,
} from './email/display-name-from-email.js';
export { emailKey } from './email/email-key.js';
