/** Shannon entropy of a string, in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower case, upper case, digits and symbols a string uses. */
export function charClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
}

const HEX_OR_UUID =
  /^(?:[0-9a-f]+|[0-9A-F]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})$/;

/** A hexadecimal string or a UUID: a digest or an id unless a key word says otherwise. */
export const isHexOrUuid = (value: string) => HEX_OR_UUID.test(value);

/**
 * A string that looks machine-generated: long enough, several character classes, high entropy, and
 * not words joined by dashes, dots or underscores (resource names, package names, hostnames).
 */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength) return false;
  if (/^[a-z]+(?:[-_.][a-z0-9]+)*$/i.test(value) && !/[a-z][A-Z]|[A-Z]{2}[a-z]|\d[a-zA-Z]\d/.test(value)) return false;
  const classes = charClasses(value);
  if (classes < 2) return false;
  const digits = (value.match(/\d/g) ?? []).length;
  if (classes === 2 && /^[a-zA-Z]+$/.test(value))
    return entropy(value) >= 4 && /[a-z][A-Z]|[A-Z][a-z]{0,2}[A-Z]/.test(value);
  return (
    entropy(value) >= (value.length >= 32 ? 3.2 : Math.min(3.5, Math.log2(value.length) - 0.7)) &&
    (digits > 0 || classes >= 3)
  );
}

/** Keys that are public by design: Stripe publishable, Mapbox public, PostHog project keys, SSH public key blobs. */
export const isPublicKey = (value: string) => /^(?:pk_(?:live|test)_|pk\.eyJ|phc_|AAAA[A-Za-z0-9+/]{16})/.test(value);

/** Few distinct characters or a run of one character: filler such as 0000 or abcabcabc. */
export function lowVariety(value: string): boolean {
  if (/(.)\1{5,}/.test(value)) return true;
  const distinct = new Set(value).size;
  return value.length >= 12 ? distinct < Math.min(8, value.length / 3) : distinct < 4;
}
