import { isPlaceholder } from './placeholder';
import { isHexOrUuid, looksRandom, lowVariety } from './value-shape';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s<>"'`\\]+/gi;

/** Query parameters that carry a credential whatever their value looks like, once it is long enough. */
const SECRET_PARAMS =
  /^(?:sig|signature|x-amz-signature|x-goog-signature|x-amz-security-token|code|key|apikey|api[-_]?key|appid|app[-_]?key|token|access[-_]?token|auth[-_]?token|auth|authkey|secret|client[-_]?secret|password|passwd|pwd|pass|private[-_]?token|access[-_]?key|secret[-_]?key|subscription-key|session[-_]?token|refresh[-_]?token|id[-_]?token|hash|private[-_]?key|license[-_]?key|webhook[-_]?token)$/i;

/** Query parameters that are credentials only when the value is long and random. */
const STRICT_PARAMS = /^(?:code|key|hash|appid|auth)$/i;

/** Path shapes of webhook and trigger URLs whose path itself is the credential. */
const WEBHOOK_PATHS: readonly RegExp[] = [
  /^hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,12}\/[A-Z0-9]{6,14}\/[A-Za-z0-9/]{8,}/,
  /\.webhook\.office\.com\/webhookb2\/[\w-]+@[\w-]+\/IncomingWebhook\/[a-f0-9]{16,}\//,
  /^outlook\.office(?:365)?\.com\/webhook\/[\w-]+@[\w-]+\/IncomingWebhook\/[a-f0-9]{16,}\//,
  /^(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d{15,22}\/[\w-]{40,}/,
  /^hooks\.zapier\.com\/hooks\/catch\/\d+\/[a-z0-9]{5,}/,
  /^hook\.[a-z]{2}\d\.make\.com\/[a-z0-9]{20,}/,
  /^maker\.ifttt\.com\/trigger\/[^/]+\/with\/key\/[\w-]{16,}/,
  /^api\.telegram\.org\/bot\d+:[\w-]{30,}/,
  /^(?:open\.feishu\.cn|open\.larksuite\.com)\/open-apis\/bot\/v2\/hook\/[\w-]{20,}/,
  /\/hooks\/[a-z0-9]{26}(?:$|[/?#])/,
  /\/(?:hooks|webhooks?|trigger|triggers)\/(?:[^/?#]+\/)*[A-Za-z0-9_-]{32,}(?:$|[/?#])/,
];

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** A query value that is a credential: not a placeholder, and random enough for the parameter's name. */
function secretParamValue(name: string, raw: string): boolean {
  const value = decode(raw);
  if (isPlaceholder(value) || lowVariety(value) || value.includes('://')) return false;
  if (STRICT_PARAMS.test(name))
    return value.length >= 20 && (looksRandom(value, 20) || (isHexOrUuid(value) && value.length >= 32));
  if (/^(?:password|passwd|pwd|pass)$/i.test(name)) return value.length >= 6 && /[^A-Za-z]/.test(value);
  return value.length >= 12 && (looksRandom(value, 12) || isHexOrUuid(value));
}

/** The password (or token user name) of a URL's user-info part, when it is real. */
function secretUserInfo(userinfo: string): boolean {
  const colon = userinfo.indexOf(':');
  const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  if (colon < 0) return user.length >= 20 && looksRandom(user, 20) && !isHexOrUuid(user);
  const password = decode(userinfo.slice(colon + 1));
  if (password.length === 0) return looksRandom(user, 20);
  return password.length >= 3 && !isPlaceholder(password) && !/^(?:pass(?:word)?|pwd|secret|(.)\1*)$/i.test(password);
}

/** Oracle's `jdbc:oracle:thin:user/password@host:port/service` (and `oci`): no `://`, the password before the last `@`. */
const ORACLE_JDBC =
  /\bjdbc:oracle:(?:thin|oci8?):(?<user>[\w$#."]+)\/(?<pass>\S+?)@(?=\/\/|\(|[\w.-]+(?::\d+)?[:/\s]|[\w.-]+$)/gi;

/** What makes a URL in `text` carry a credential (user info, a query parameter, a webhook path), or undefined. */
export function findUrlSecret(text: string): string | undefined {
  if (/jdbc:oracle/i.test(text))
    for (const m of text.matchAll(ORACLE_JDBC)) {
      const pass = m.groups!.pass!;
      if (pass.length >= 3 && !isPlaceholder(pass) && !/^[$%]/.test(pass)) return 'credentials in a JDBC URL';
    }
  if (!text.includes('://')) return undefined;
  for (const [url] of text.matchAll(URL_PATTERN)) {
    const rest = url.slice(url.indexOf('://') + 3);
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const at = authority.lastIndexOf('@');
    const userinfo = at > 0 ? authority.slice(0, at) : '';
    if (userinfo && !/\?.*=/.test(userinfo) && secretUserInfo(userinfo)) return 'credentials in a URL';
    const hostAndPath = at > 0 ? rest.slice(at + 1) : rest;
    if (
      WEBHOOK_PATHS.some((p) => p.test(hostAndPath)) &&
      !isPlaceholder(hostAndPath.split(/[?#]/)[0]!.replace(/\/+$/, '').split('/').pop()!)
    )
      return 'webhook URL';
    const query = url.indexOf('?');
    if (query < 0) continue;
    for (const pair of url.slice(query + 1).split(/[&;#]/)) {
      const eq = pair.indexOf('=');
      if (
        eq > 0 &&
        SECRET_PARAMS.test(decode(pair.slice(0, eq))) &&
        secretParamValue(pair.slice(0, eq), pair.slice(eq + 1))
      )
        return 'secret in a URL parameter';
    }
  }
  return undefined;
}
