/** How strongly a name or phrase announces a credential. */
export type CredentialWord = 'password' | 'secret' | 'key';

const PASSWORD_WORDS =
  /^(?:pass|passwd|password|passwords|passphrase|passcode|pwd|pw|pword|passwort|passwörter|kennwort|mdp|motdepasse|contraseña|contrasena|contraseñas|senha|clave|userpass|dbpass|rootpass|adminpass)$/i;
const PASSWORD_PARTS = /password|passwd|passwort|kennwort|contrase(?:ñ|n)a/i;
const SECRET_WORDS =
  /^(?:secret|secrets|token|tokens|apikey|apitoken|authtoken|auth|credential|credentials|creds|cred|bearer|sas|cookie|session|sessionid|signature|sig|salt|privatekey|accesskey|secretkey|accountkey|connectionstring|connstr|jeton|schlüssel|geheimnis|clé|cle|llave|identifiants|credenciales|zugangsdaten)$/i;
const SECRET_PARTS = /secret|token|apikey|credential|privatekey|accesskey|accountkey|sharedkey|contribsys/i;
const KEY_PAIRS =
  /(?:api|application|access|account|private|secret|client|app|master|signing|encryption|license|licence|subscription|shared|storage|service|server|admin|function|functions|host|primary|secondary|webhook|auth|consumer|sdk|ingest|write|read|management|deploy|integration|personal|project|bot|mail|smtp)[ _.-]?(?:key|secret|token|pass)\b/i;
/** Last words that turn a credential name into a name of something else: SECRET_NAME, token_url, api_key_id... */
const META =
  /^(?:id|ids|name|names|url|uri|urls|endpoint|arn|path|file|type|length|len|expiry|expires|expiration|expire|ttl|lifetime|age|version|region|header|hint|policy|policies|rotation|manager|vault|store|ref|reference|format|prefix|field|count|size|min|max|reset|label|description|owner|location|scope|scopes|provider|issuer|algorithm|alg|kind|mode|method|rule|rules|hash|digest|checksum|fingerprint|mask|regex|pattern|env|variable|var|length_min|strength|complexity|requirements|history|change|changed|sent|required|storage|handling|sharing|field_name|placeholder|input|prompt|template|key_id|keyid|kid|thumbprint|usage|audience|public|pub)$/i;

/** Words before "key" that make it an identifier or a public key: PRIMARY_KEY, spreadsheet key, STRIPE_PUBLISHABLE_KEY. */
export const ID_KEYS =
  /^(?:sheet|spreadsheet|document|doc|primary|partition|sort|foreign|idempotency|cache|row|object|s3|file|lookup|dedup|dedupe|group|composite|natural|surrogate|unique|index|public|pub|publishable|site|map|hot|short|ssh|gpg|pgp|anon)$/i;

function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_.\-/\\[\]"'`$:]+/)
    .filter(Boolean);
}

/** The credential strength of an assignment name such as SECRET_KEY_BASE, _authToken, APP_KEY, Mot de passe, or undefined. */
export function credentialWord(name: string): CredentialWord | undefined {
  const parts = words(name);
  if (parts.length === 0) return undefined;
  if (META.test(parts.at(-1)!) && parts.length > 1) return undefined;
  const flat = parts.join('');
  if (parts.some((w) => PASSWORD_WORDS.test(w)) || PASSWORD_PARTS.test(flat) || /mot ?de ?passe/i.test(name))
    return 'password';
  if (parts.some((w) => SECRET_WORDS.test(w)) || SECRET_PARTS.test(flat) || KEY_PAIRS.test(parts.join(' ')))
    return 'secret';
  const key = parts.findIndex((w) => /^(?:key|keys|pat|dsn|pin|schlüssel)$/i.test(w));
  if (key >= 0 && !(key > 0 && ID_KEYS.test(parts[key - 1]!))) return 'key';
  return undefined;
}
