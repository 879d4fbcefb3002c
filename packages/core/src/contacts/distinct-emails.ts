/**
 * Emails in the order given, trimmed, each once whatever its letter case, blanks skipped: how
 * adapters fill `Contact.emails` from a vendor's fields, primary first.
 */
export function distinctEmails(values: Iterable<string | null | undefined>): string[] {
  const emails: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const email = value?.trim();
    if (!email || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    emails.push(email);
  }
  return emails;
}
