import { findAssignmentSecret } from './assignment-secrets';
import { findCommandSecret } from './command-secrets';
import { decodedTexts, isUserPasswordPair } from './decoded-text';
import { findKeyMaterial } from './key-material';
import { findNearKeywordSecret } from './near-keyword-secret';
import { findTokenFormat } from './find-token-format';
import { findUrlSecret } from './url-secrets';
import { isLoginPassword } from './value-verdict';
import { looksRandom } from './value-shape';

const MAX_DEPTH = 2;

/**
 * What kind of credential `text` holds, or undefined: provider token formats, private keys, URLs,
 * command lines and headers, assignments and sentences, random values after a credential word,
 * and the same again inside base64 or percent-encoded text. The answer names a kind, never the value.
 */
export function detectSecret(text: string, depth = 0): string | undefined {
  const format = findTokenFormat(text);
  if (format) return `${format.provider} ${format.kind}`;
  const found =
    findKeyMaterial(text) ??
    findUrlSecret(text) ??
    findCommandSecret(text) ??
    findAssignmentSecret(text) ??
    findNearKeywordSecret(text);
  if (found) return found;
  if (text.includes('\\n') || text.includes('\\"')) {
    const unescaped = text.replace(/\\r\\n|\\n/g, '\n').replace(/\\"/g, '"');
    const inner = findKeyMaterial(unescaped) ?? findAssignmentSecret(unescaped) ?? findCommandSecret(unescaped);
    if (inner) return inner;
  }
  if (depth >= MAX_DEPTH) return undefined;
  for (const decoded of decodedTexts(text)) {
    if (isUserPasswordPair(decoded)) {
      const password = decoded.slice(decoded.indexOf(':') + 1).trim();
      if (isLoginPassword(password) || looksRandom(password, 12)) return 'encoded user and password';
    }
    const inner = detectSecret(decoded, depth + 1);
    if (inner) return `encoded ${inner}`;
  }
  return undefined;
}
