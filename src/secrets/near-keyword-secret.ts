import { credentialWord } from './credential-words';
import { isPlaceholder } from './placeholder';
import { isPublicKey, looksRandom } from './value-shape';

const KEYWORD =
  /(?<![\p{L}])(?:passwor(?:d|t)|kennwort|pwd|secret|token|api[ _-]?key|apikey|access[ _-]?key|private[ _-]?key|auth(?!or|ori[sz])|credential|credentials|bearer|signature|signing key|(?:application|app|admin|integration|write|ingest|licen[cs]e|master|service)[ _-]?key|pat(?![\p{L}])|schlüssel|clé|jeton|contraseña|clave|mot de passe)/giu;
const TOKEN = /[A-Za-z0-9+/=_.~-]{20,}/g;
const NOT_SECRET_BETWEEN =
  /\b(?:sha\d*|md5|hash|digest|checksum|commit|fingerprint|id|ids|thumbprint|arn|name|url|uri|version|build|ticket|uuid|guid|object|tenant|subscription|resource|request|trace|correlation)\b/i;

/** A long random-looking string within a few words after a credential word, or undefined. */
export function findNearKeywordSecret(text: string): string | undefined {
  for (const k of text.matchAll(KEYWORD)) {
    const before = text.slice(Math.max(0, k.index - 200), k.index);
    if (/(?:publi(?:c|shable)|pub)[ _-]?$/i.test(before) || /:\/\/\S*$|:$/.test(before)) continue;
    const rest = /^[\w.-]*/.exec(text.slice(k.index + k[0].length))![0];
    if (!credentialWord(/[\w.-]*$/.exec(before)![0] + k[0] + rest)) continue;
    const end = k.index + k[0].length + rest.length;
    const window = text.slice(end, end + 60).split('\n')[0]!;
    for (const t of window.matchAll(TOKEN)) {
      const value = t[0].replace(/[.=_-]+$/, '');
      if (NOT_SECRET_BETWEEN.test(window.slice(0, t.index))) break;
      if (window[t.index! - 1] === ':' || isPublicKey(value) || value.startsWith('eyJ')) continue;
      if (value.includes('/') && value.split('/').every((part) => !looksRandom(part, 16))) continue;
      if (/^(?:arn|projects|subscriptions)[:/]/.test(value) || isPlaceholder(value)) continue;
      if (looksRandom(value, 20)) return 'random value after a credential word';
    }
  }
  return undefined;
}
