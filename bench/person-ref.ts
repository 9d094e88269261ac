/** The `n`-th person, as a Slack user, a Teams user or an email address (in turn), the forms owners are written in. */
export function personRef(n: number): string {
  const kind = n % 3;
  if (kind === 0) return `slack:U${(100000 + n).toString(36).toUpperCase()}`;
  if (kind === 1) return `teams:${(0x10000000 + n).toString(16)}-aad`;
  return `person${n}@example.com`;
}
