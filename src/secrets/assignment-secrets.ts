import { ID_KEYS, credentialWord } from './credential-words';
import { cleanValue, isCredentialValue, isPassphrase } from './value-verdict';

const NAME = String.raw`[\p{L}\p{N}_.\-$\[\]]{1,60}`;
const QUOTED = String.raw`"(?<dq>[^"\n]{1,300})"|'(?<sq>[^'\n]{1,300})'|“(?<cq>[^”\n]{1,300})”`;
const BARE = String.raw`(?<bare>[^\s"'\x60,;<>]{1,300})`;

/** `name = value`, `name: value`, `"name": "value"`, `name := value`, `name => value`, `--name value` in any notation. */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?<name>${NAME})["'\]]?[ \t]*(?::=|=>|->|[:=])[ \t]*(?=(?:${QUOTED}|${BARE})(?<rest>[^\n]{0,40}))`,
  'gu',
);

/** A credential word, then a few words, then "is", "ist", "lautet", "est", "es", ":" and the value: the sentence forms. */
const SENTENCE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?<name>passwor(?:d|t)s?|passwd|pwd|p\/w|pw|pass(?:phrase|code)?|kennwort|mot de passe|mdp|contraseña|contrasena|clave|senha|secret|token|key|api[ -]?key|api[ -]?token|access key|client secret|(?:api-)?schlüssel|clé(?: api| d'api)?|jeton|llave|credentials?|zugangsdaten|identifiants|credenciales)(?<between>(?:[ \t]+[\p{L}\p{N}@._'’()-]+){0,6}?)(?:[ \t]+(?:is|was|are|ist|lautet|war|est|était|sera|es|era|será|set to|ist jetzt|is now|→|->|—|–|-)(?![\p{L}])[ \t]*:?|[ \t]*[:=])[ \t]*(?=(?:${QUOTED}|${BARE})(?<rest>[^\n]{0,40}))`,
  'giu',
);

/** `<password>x</password>`, `define('DB_PASSWORD', 'x')`, `setdefault("api_key", "x")`, `setx API_TOKEN x`. */
const PAIRS = [
  /<(?<name>[\w:.-]{2,40})>(?<value>[^<\n]{4,300})<\/\k<name>>/g,
  /\(\s*["'](?<name>[\w.-]{2,60})["']\s*,\s*["'](?<value>[^"'\n]{4,300})["']/g,
  /\bsetx?\s+(?<name>[\w.-]{2,60})\s+["']?(?<value>[^\s"']{4,300})/gi,
];

/**
 * A password word followed straight by its value: "Passwort Xk29!fq", "password Summer2024!",
 * "passwd tulipmagnet590", "pass Jigsaw2022$" (a bare "pass" only before a value with a symbol or
 * mixed case, as "pass" is an everyday word).
 */
const BARE_PASSWORD =
  /(?<![\p{L}])(?<word>password|passwort|passwd|kennwort|pwd|pw|pass|mot de passe|mdp|contraseña|clave)[ \t]+["'“]?(?<bare>(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[^\s"'`,;”]{8,64})/giu;

/** "passphrase: correct horse battery staple", "pw: anchor copper lantern violet", "unlock phrase a-b-c-d". */
const PASSPHRASE =
  /(?<![\p{L}])(?:pass[ -]?phrase|password|passwort|pwd|pw|(?:unlock|recovery|secret)[ -]phrase)(?:[ \t]+[\p{L}]+){0,3}?(?:[ \t]+(?:is|was|ist|est|es)|[ \t]*[:=]|(?<=phrase))[ \t]*["'“]?(?<words>\p{L}{3,}(?:[ ._-]\p{L}{3,}){2,7})/giu;

/** True when position `at` is inside an ARN, where "secret:" names a resource type. */
const insideArn = (text: string, at: number) =>
  /\barn:\S*$|\{\{[^}]*$|\$\{[^}]*$/.test(text.slice(Math.max(0, at - 120), at));

/** True when the word before position `at` makes a following "key" an identifier: "spreadsheet key", "primary key". */
const idKeyBefore = (text: string, at: number) =>
  ID_KEYS.test(/([\p{L}\p{N}]+)[ \t]+$/u.exec(text.slice(Math.max(0, at - 30), at))?.[1] ?? '');

/** Values given to credential names anywhere in an assignment or a sentence, or undefined. */
export function findAssignmentSecret(text: string): string | undefined {
  for (const m of text.matchAll(ASSIGNMENT)) {
    if (insideArn(text, m.index)) continue;
    const g = m.groups!;
    const word = credentialWord(g.name!);
    if (word === 'key' && idKeyBefore(text, m.index)) continue;
    if (word && isCredentialValue(word, g.dq ?? g.sq ?? g.cq ?? g.bare!, g.rest)) return 'credential assignment';
  }
  for (const pattern of PAIRS) {
    for (const m of text.matchAll(pattern)) {
      const word = credentialWord(m.groups!.name!);
      if (word && isCredentialValue(word, m.groups!.value!)) return 'credential assignment';
    }
  }
  if (
    !/pass|phrase|pw|p\/w|kennw|mot de|mdp|contrase|clave|senha|secret|token|key|schlüssel|clé|jeton|llave|cred|zugang|identifiants/i.test(
      text,
    )
  )
    return undefined;
  for (const m of text.matchAll(SENTENCE)) {
    const g = m.groups!;
    if (insideArn(text, m.index) || /\b(?:not|never|nicht|nie|kein|pas|jamais|no|nunca)\b/i.test(g.between!)) continue;
    const word = credentialWord(`${g.name!.replace('/', '')}${g.between}`);
    if (!word) continue;
    if (word === 'key' && idKeyBefore(text, m.index)) continue;
    if (isCredentialValue(word, g.dq ?? g.sq ?? g.cq ?? g.bare!, g.rest)) return 'credential in a sentence';
  }
  for (const m of text.matchAll(PASSPHRASE)) {
    if (!insideArn(text, m.index) && isPassphrase(m.groups!.words!)) return 'passphrase in a sentence';
  }
  for (const m of text.matchAll(BARE_PASSWORD)) {
    const value = cleanValue(m.groups!.bare!);
    const strong = /[^A-Za-z0-9]|[a-z].*[A-Z]|[A-Z].*[a-z]/.test(value);
    const lettersThenDigits = /^[a-z]{5,}\d{2,}$/.test(value) && m.groups!.word!.toLowerCase() !== 'pass';
    if ((strong || lettersThenDigits) && isCredentialValue('password', value)) return 'password in a sentence';
  }
  return undefined;
}
