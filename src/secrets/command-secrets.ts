import { isPlaceholder } from './placeholder';
import { isCredentialValue, isFlagValue, isLoginPassword } from './value-verdict';
import { looksRandom } from './value-shape';

const V = String.raw`(?:"([^"\n]+)"|'([^'\n]+)'|([^\s"'|;&]+))`;

/** Command-line flags that take a password or token, each with the capture of its value. */
const FLAGS: readonly RegExp[] = [
  new RegExp(String.raw`\bcurl\b[^\n]*?\s(?:-u|--user)[ =]?${V}`, 'g'),
  new RegExp(String.raw`\bsshpass\s+(?:-\w\s+)*-p\s*${V}`, 'g'),
  new RegExp(String.raw`\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]*?\s-p(?!\s)${V}`, 'g'),
  new RegExp(String.raw`\b(?:redis-cli|keydb-cli)\b[^\n]*?\s-a\s+${V}`, 'g'),
  new RegExp(String.raw`\b(?:docker|podman|helm|oras|nerdctl)\s+(?:registry\s+)?login\b[^\n]*?\s-p\s+${V}`, 'g'),
  new RegExp(String.raw`\b(?:sqlcmd|bcp|osql|isql|sybase)\b[^\n]*?\s-P\s*${V}`, 'g'),
  new RegExp(String.raw`\b(?:ldapsearch|ldapmodify|ldapadd|ldapdelete|ldapwhoami)\b[^\n]*?\s-w\s+${V}`, 'g'),
  new RegExp(String.raw`\b(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n]*?\s-p\s+${V}`, 'g'),
  new RegExp(String.raw`\bhtpasswd\s+-\w*b\w*\s+\S+\s+\S+\s+${V}`, 'g'),
  new RegExp(String.raw`\bnet\s+use\b[^\n]*?/user:\S+\s+${V}`, 'gi'),
  new RegExp(String.raw`\bnet\s+user\s+\S+\s+${V}`, 'gi'),
  new RegExp(String.raw`\bsmbclient\b[^\n]*?\s-U\s*["']?[^\s%"']+%${V}`, 'g'),
  new RegExp(String.raw`-pass(?:in|out)\s+pass:${V}`, 'g'),
  new RegExp(String.raw`-(?:storepass|keypass|srcstorepass|deststorepass)\s+${V}`, 'g'),
  new RegExp(
    String.raw`(?:^|\s)--?(?:password|passwd|pass|pwd|db-password|admin-password|client-secret|secret|token|api-key|apikey|auth-token|access-token|private-token|bearer-token|secret-key|access-key|http-password|proxy-password|ftp-password|registry-password|sp-password)(?:=|\s+)${V}`,
    'gi',
  ),
  new RegExp(String.raw`\bsqlplus\s+[\w$]+\/${V}`, 'gi'),
  new RegExp(String.raw`\bwget\b[^\n]*?--(?:http-)?password[= ]${V}`, 'g'),
  new RegExp(String.raw`-Password\s+(?:\(ConvertTo-SecureString\s+)?${V}`, 'gi'),
];

/** `curl -u user:password` gives both; the part after the first colon is the password. */
const secretPart = (flag: RegExp, value: string) =>
  flag.source.startsWith(String.raw`\bcurl`) ? value.slice(value.indexOf(':') + 1) : value;

/** PowerShell secure strings made from plain text. */
const SECURE_STRING = /ConvertTo-SecureString\b(?<args>[^\n|;]*)/gi;

/** Authorization schemes and the header-less forms people paste. */
const AUTH_HEADER =
  /(?:\bauthorization["']?\s*[:=]\s*["']?|(?<![\w-])(?=Bearer|SSWS|Basic))(?<scheme>Basic|Bearer|SSWS|Token|token|Bot|Splunk|GenieKey|DeepL-Auth-Key|ApiKey|Api-Key|apikey|Key|key|OAuth|SharedKey|SharedAccessSignature|Klaviyo-API-Key|Zoho-oauthtoken|Digest)\s+(?<value>[A-Za-z0-9+/=._~:%&-]{8,})/g;

function basicCredential(value: string): boolean {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon > 0 && /^[\x20-\x7e]+$/.test(decoded))
    return isFlagValue(decoded.slice(colon + 1)) && decoded.slice(colon + 1).length >= 4;
  return looksRandom(value, 16);
}

/** `login with admin / X`, `credentials: user:X`, `Benutzer admin und Passwort X`, `usuario admin / X`. */
const LOGIN =
  /(?<![\p{L}./@-])(?:log(?:-?in|ged in|on)|sign(?:ed)? in|anmeld(?:ung|en)|einloggen|login-daten|connexion|connecte[zr]?|iniciar sesión|inicie sesión|acceso|accès|zugang(?:sdaten)?|credentials?|creds|identifiants|credenciales|user(?:name)?(?:\/pass(?:word)?)?|benutzer(?:name)?|utilisateur|usuario|account|konto|compte|cuenta)(?=[\s:=])[ \t]*(?:with|as|using|mit|als|avec|comme|en tant que|con|como|via|:|=|-)?[ \t]*["']?(?<user>[\w.@\\-]{2,40})["']?[ \t]*(?:\/|:|\||,|[ \t]+(?:and|und|et|y|,|\/)[ \t]+)[ \t]*(?:(?:the|das|le|la)[ \t]+)?(?:(?:password|passwd|pass|pw|pwd|passwort|kennwort|mot de passe|mdp|contraseña|clave)(?![\p{L}])[ \t]*:?)?[ \t]*(?<pass>[^\s"',;]{4,64})(?=(?<rest>[^\n]{0,30}))/giu;

/** `admin/X to log in`, `root / X (login for the VM)`: a user and a strong password, with a login word nearby. */
const USER_SLASH_PASSWORD =
  /(?<![\w/:.])(?<user>[A-Za-z][\w.@\\-]{1,30})[ \t]*\/[ \t]*(?<pass>(?=\S*\d)(?=\S*[A-Za-z])[^\s/"',;]{6,64})(?![\w/])/g;
const LOGIN_WORD =
  /\b(?:log(?:[ -]?in|ged in|on)|sign(?:ed)? in|anmeld|einlogg|connexion|connecter|iniciar sesión|credentials?|creds|zugang|identifiants|credenciales)/i;

/** Credentials on command lines, in auth headers, in PowerShell and in login phrases, or undefined. */
export function findCommandSecret(text: string): string | undefined {
  const flags = /(?:^|\s)--?[A-Za-z]|\/user:|sqlplus/.test(text) ? FLAGS : [];
  for (const flag of flags) {
    for (const m of text.matchAll(flag)) {
      const value = secretPart(flag, m[1] ?? m[2] ?? m[3]!);
      if (isFlagValue(value)) return 'credential on a command line';
    }
  }
  if (text.includes('SecureString'))
    for (const m of text.matchAll(SECURE_STRING)) {
      const args = m.groups!.args!;
      const literal = /["']([^"'\n]{4,})["']/.exec(args);
      if (/-AsPlainText/i.test(args) && literal && isFlagValue(literal[1]!))
        return 'PowerShell plain-text secure string';
    }
  if (/authorization|bearer|ssws|basic/i.test(text))
    for (const m of text.matchAll(AUTH_HEADER)) {
      const { scheme, value } = m.groups!;
      const explicit = /authorization/i.test(m[0]);
      if (isPlaceholder(value!)) continue;
      if (scheme === 'Basic' && basicCredential(value!)) return 'Basic authorization';
      if (
        scheme !== 'Basic' &&
        value!.length >= 16 &&
        (looksRandom(value!, 16) || (explicit && isCredentialValue('secret', value!)))
      )
        return 'authorization header';
    }
  if (LOGIN_WORD.test(text)) {
    for (const m of text.matchAll(USER_SLASH_PASSWORD)) {
      const { pass } = m.groups!;
      if (/[^A-Za-z0-9]|[a-z].*[A-Z]|[A-Z].*[a-z]/.test(pass!) && isLoginPassword(pass!)) return 'login and password';
    }
  }
  for (const m of text.matchAll(LOGIN)) {
    const { user, pass, rest } = m.groups!;
    if (/^(?:with|as|mit|avec|con|the|your|my|via|sso|using)$/i.test(user!)) continue;
    if (isLoginPassword(pass!, rest)) return 'login and password';
  }
  return undefined;
}
