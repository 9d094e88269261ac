import { base62, crc32 } from '../../../src/secrets/token-checksum';
import { seededRandom } from '../../../bench/seeded-random';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const ALNUM = UPPER + LOWER + DIGITS;
export const B64 = ALNUM + '+/';
export const B64URL = ALNUM + '-_';

/**
 * Fake credential parts from a seeded generator (mulberry32): the same corpus on every run, no
 * literal credential in the source, and each value keeps its provider's length and alphabet.
 */
export function fakeValues(seed: number) {
  const random = seededRandom(seed);
  const { pick } = random;
  const of = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[random.int(alphabet.length)]).join('');
  return {
    of,
    pick,
    int: random.int,
    alnum: (n: number) => of(ALNUM, n),
    hex: (n: number) => of(HEX, n),
    HEX: (n: number) => of(HEX.toUpperCase(), n),
    digits: (n: number) => of(DIGITS, n),
    lower: (n: number) => of(LOWER + DIGITS, n),
    upper: (n: number) => of(UPPER + DIGITS, n),
    b64: (n: number) => of(B64, n),
    b64url: (n: number) => of(B64URL, n),
    uuid: () => [8, 4, 4, 4, 12].map((n) => of(HEX, n)).join('-'),
    /** A GitHub/npm style token: prefix, 30 random base62 characters and their base62 CRC-32. */
    checksummed: (prefix: string) => {
      const random = of(ALNUM, 30);
      return prefix + random + base62(crc32(random), 6);
    },
    /** A password people choose: a word, digits and a symbol, or a random mix. */
    password: () =>
      pick([
        () =>
          pick([
            'Summer',
            'Winter',
            'Welcome',
            'Acme',
            'Spring',
            'Autumn',
            'Monday',
            'Falcon',
            'Tiger',
            'Berlin',
            'Paris',
            'Madrid',
          ]) +
          of(DIGITS, 4) +
          pick(['!', '#', '$', '?', '*', '@']),
        () => of(ALNUM, 10) + pick(['!', '%', '&', '+', '=']) + of(DIGITS, 2),
        () =>
          pick(['P', 'p', 'Q', 'X']) +
          of(LOWER, 3) +
          of(DIGITS, 2) +
          pick(['!', '#', '-', '.']) +
          of(UPPER, 2) +
          of(LOWER, 3),
        () =>
          pick(['Sommer', 'Hiver', 'Verano', 'Hunter', 'Dragon', 'Passw0rt', 'Geheim', 'Secreto']) +
          of(DIGITS, 2) +
          pick(['!', '#', '.', '$']) +
          of(UPPER, 1),
      ])(),
  };
}

export type Fake = ReturnType<typeof fakeValues>;

/** Base64 of a text. */
export const b64 = (text: string) => Buffer.from(text).toString('base64');
/** Base64url of a JSON value. */
export const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A PEM block with the real DER magic for its label, body in 64-character lines. */
export function pem(f: Fake, label: string, magic: string, length: number): string {
  const body = (magic + f.b64(length - magic.length)).match(/.{1,64}/g)!.join('\n');
  const dashes = '-----';
  return `${dashes}BEGIN ${label}${dashes}\n${body}\n${dashes}END ${label}${dashes}`;
}
