import { parseEmailAddress } from './parse-email-address.js';

/** A local part that can stand unquoted (RFC 5322 dot-atom, with letters of any script). */
const DOT_ATOM = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/**
 * The one identity psa-bridge compares email addresses by, everywhere: the planner, GoTo
 * lookups, create answers, the journal, reports and the simulators. Two addresses are the same
 * user when their keys are equal.
 *
 * - The whole address is compared without regard to letter case, the local part too (also a
 *   quoted one): GoTo and the mail systems partners use treat `Jane@x.org` and `jane@x.org`
 *   as one mailbox, and treating them as two would create a duplicate user.
 * - Unicode is compared in NFC form, so a letter with a combining accent equals its
 *   precomposed spelling.
 * - A quoted local part that needs no quotes equals its unquoted spelling: `"jane"@x.org` is
 *   `jane@x.org`. One that needs them keeps them: `"jane q. doe"@x.org`.
 * - `+tags` are part of the address: `jane+it@x.org` and `jane@x.org` are two users.
 *
 * @returns the key, or `undefined` when `email` is not a valid address.
 */
export function emailKey(email: string): string | undefined {
  let address: ReturnType<typeof parseEmailAddress>;
  try {
    address = parseEmailAddress(email);
  } catch {
    return undefined;
  }
  const local = address.localPart.normalize('NFC');
  const spelled = DOT_ATOM.test(local) ? local : `"${local.replace(/["\\]/g, (char) => `\\${char}`)}"`;
  return `${spelled}@${address.domain.normalize('NFC')}`.toLowerCase();
}
