/**
 * Letters of other scripts that look like Latin ones, by what they look like (after lower-casing):
 * the Cyrillic, Greek and Armenian letters UTS #39's confusables table maps to a single Latin
 * letter, plus the Latin look-alikes it folds (dotless i, long s). Digits are left alone, so a
 * search for "10" never finds "lo".
 */
const LOOKS_LIKE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  ӏ: 'l',
  ɡ: 'g',
  ı: 'i',
  ſ: 'f',
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  օ: 'o',
  ս: 'u',
  ց: 'g',
  հ: 'h',
  զ: 'q',
};

/**
 * A name's confusable skeleton (after UTS #39): compatibility-normalised (NFKC), lower case, every
 * look-alike letter folded to the Latin one it imitates, marks and invisible characters dropped,
 * spaces collapsed. Two names with one skeleton look the same to a reader, so they name one app.
 */
export function nameSkeleton(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, '')
    .replace(/./gu, (c) => LOOKS_LIKE[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Scripts that hold letters posing as Latin ones. */
const POSING = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;

/**
 * Why a name may not be used as it is: Latin letters mixed with Cyrillic, Greek, Armenian or
 * Cherokee ones in one name (how look-alike names are made); undefined when it is written in one.
 */
export function mixedScriptProblem(name: string): string | undefined {
  const other = POSING.exec(name);
  if (!other || !/\p{Script=Latin}/u.test(name)) return undefined;
  return `mixes Latin letters with letters of another alphabet (like "${other[0]}", U+${other[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}), which makes it look like a name it is not; write it in one alphabet.`;
}
