import type { CredentialWord } from './credential-words';
import { isPlaceholder } from './placeholder';
import { charClasses, isHexOrUuid, isPublicKey, looksRandom, lowVariety } from './value-shape';

/** Technical words that follow "key:", "token:" or "password:" in policy sentences: OAuth2, AES-256, TLS1.2, 1Password... */
const VOCABULARY =
  /^(?:o?auth2?(?:\.\d)?|oidc|saml2?|sso|mfa|2fa|totp|fido2|webauthn|pkce|jwt|jwe|jws|hmac(?:-?sha-?\d+)?|(?:aes|rsa|sha|ecdsa|ecc|ec|dsa|des|3des|tls|ssl|argon|pbkdf|bcrypt|scrypt|utf|ipv|http|smtp|imap|pop|ldap|ldaps|soc|iso|pci|nist|cis|fips|gdpr|hipaa|x|p|ed|curve|secp|m|o|win|windows|office|gpt|claude|llama|gemini|v|version|tier|level|phase|sprint|q|h|s)[-_.#]?\d+(?:[.-]\d+)*[a-z]{0,2}|x\.?509|pkcs#?\d+|base64|base32|hex|1password|lastpass|bitwarden|keepass|keepassxc|keyvault|cyberark|hashicorp|kms|hsm|dpapi|ed25519|x25519|chacha20|poly1305|md5|sha1|e2ee?|m365|o365|s3|ec2|gcp|aws|k8s|l1|l2|l3|24x7|24\/7)$/i;
const UNIT =
  /^\d+(?:[.,]\d+)?[-\s]?(?:d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?|w|weeks?|months?|mo|y|yrs?|years?|chars?|characters?|zeichen|caractères|caracteres|bits?|bytes?|kb|mb|gb|%|x|times|tage|jours|días|dias|monate|mois|meses)$/i;
const DATE =
  /^(?:\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}\/\d{2}\/\d{2}|q[1-4][-/ ]?\d{2,4})$/i;
const WORDS = /^[\p{L}]+(?:[-'’][\p{L}]+)*$/u;
const SENTENCE_WORD = /^[\p{L}]+(?:[-_.][\p{L}]+)*[.,;:!?)]?$/u;

/** Words of ordinary prose that never make up a generated passphrase: "use the one in the vault". */
const PROSE_WORDS =
  /^(?:the|and|for|with|from|see|use|ask|our|your|this|that|one|are|was|not|same|stored|kept|vault|entry|manager|team|policy|rotated|required|minimum|characters|words|long|set|per|user|via|any|all|each|must|should|will|can|has|have|been|only|never|shared|owner|secret|password|passphrase|name|file|env|config|value|here|your|default|change|please|when|then)$/i;

/**
 * Three to eight lower-case words of three letters or more joined by spaces, dots, dashes or
 * underscores, none of them a word of ordinary prose, 15 characters or more: the shape of a
 * generated passphrase ("anchor-copper-lantern-violet"), not of a sentence or an identifier.
 */
export function isPassphrase(value: string): boolean {
  const words = value.split(/[ ._-]/);
  return (
    value.length >= 15 &&
    /^\p{Ll}{3,}(?:[ ._-]\p{Ll}{3,}){2,7}$/u.test(value) &&
    new Set(value.match(/[ ._-]/g)).size === 1 &&
    words.every((w) => !PROSE_WORDS.test(w))
  );
}

/** A value written like an ordinary word (letters, maybe digits at the end): hunter2, OAuth2, crm-api-key. */
const wordLike = (value: string) => /^[A-Za-z]+(?:[-_.][A-Za-z]+)*\d{0,4}$/.test(value);

/** Reasons a value is not a credential, whatever name it follows. */
function ordinary(value: string): boolean {
  return (
    isPlaceholder(value) ||
    value.includes('://') ||
    /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(value) ||
    /^(?:true|false|yes|no|on|off|null|none|nil|n\/a|ja|nein|oui|non|sí|si)$/i.test(value) ||
    VOCABULARY.test(value) ||
    UNIT.test(value) ||
    DATE.test(value) ||
    /^v?\d+(?:\.\d+){1,3}(?:-[\w.]+)?$/.test(value) ||
    /^[~.]?\/[\w./-]+$|^[A-Za-z]:\\/.test(value) ||
    /^arn:|^projects\//.test(value) ||
    isPublicKey(value) ||
    /^[$%][{(]?[A-Za-z_]+[})%]?$/.test(value) ||
    /^[A-Za-z_][\w.$]{2,}\(["'$\w.[\]-]*\)?$/.test(value) ||
    /^(?:os\.environ|os\.getenv|process\.env|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|getenv\b)/.test(
      value,
    ) ||
    (WORDS.test(value) && !looksRandom(value, 16))
  );
}

/** Strips quotes and the punctuation that ends a sentence from a captured value. */
export function cleanValue(raw: string): string {
  return raw
    .trim()
    .replace(/^["'`“”‘’«»]+/, '')
    .replace(/["'`“”‘’«»]+$/, '')
    .replace(/(?<=\w)[.,;:]+$/, '')
    .replace(/^([^(]*)\)$/, '$1');
}

/**
 * Whether `value`, written after a name or phrase of the given strength, is a credential.
 * `prose` is the text that follows it, to tell "Token: OAuth2 via Entra ID" from "Token: Xk29f!q".
 */
export function isCredentialValue(word: CredentialWord, raw: string, prose = ''): boolean {
  const value = cleanValue(raw);
  if (value.length < 4 || ordinary(value) || lowVariety(value)) return false;
  const continues = SENTENCE_WORD.test(prose.trim().split(/\s+/)[0] ?? '') && /^\s+\p{Ll}/u.test(prose);
  if (word === 'password') {
    if (/^\d+$/.test(value)) return value.length >= 6 && !continues;
    if (value.length < 6) return false;
    if (isPassphrase(value)) return true;
    if (wordLike(value))
      return /\d$/.test(value) && (!continues || /^[A-Za-z]{5,}\d{2,}$/.test(value)) && !/^[A-Z][a-z]+$/.test(value);
    return charClasses(value) >= 2 && /[^A-Za-z]|[a-z][A-Z]/.test(value);
  }
  if (isHexOrUuid(value))
    return word === 'key' ? !value.includes('-') && value.length >= 32 : value.replace(/-/g, '').length >= 16;
  if (looksRandom(value, 16)) return true;
  if (value.includes('/') && value.split('/').every((part) => !looksRandom(part, 12))) return false;
  if (word === 'key') return /^[A-Za-z0-9+/]{24,}={1,2}$/.test(value);
  if (wordLike(value) || /^\d+$/.test(value)) return false;
  return value.length >= 8 && charClasses(value) >= 3 && !continues;
}

/** A password after "login with admin /" or "credentials: user:": at least 6 characters, not a word or placeholder. */
export function isLoginPassword(raw: string, prose = ''): boolean {
  return !/^\d+$/.test(cleanValue(raw)) && isCredentialValue('password', raw, prose);
}

/** A value given to a command-line flag or header that takes a credential: anything but a placeholder or variable. */
export function isFlagValue(raw: string): boolean {
  const value = cleanValue(raw);
  return (
    value.length >= 4 &&
    !isPlaceholder(value) &&
    !/^[$%-]/.test(value) &&
    !lowVariety(value) &&
    !/^(?:password|secret|token|pass|pwd)$/i.test(value)
  );
}
