import type { SecretLintRuleCreator } from '@secretlint/types';

/** A credential format that secretlint's recommended preset does not cover. */
interface SecretPattern {
  name: string;
  pattern: RegExp;
  /** When set, a match counts only if this accepts its `value` group (or the whole match). */
  accept?: (value: string) => boolean;
}

/** Whole values that stand in for a secret: <x>, ${X}, $X, {{x}}, %X%, [x], (x), ***, xxxx, vault:x, env:x. */
const PLACEHOLDER = /^(?:<.*>|\$\{.*\}|\$[A-Z_]+|\{\{.*\}\}|%[A-Z_]+%|\[.*\]|\(.*\)|\*+|x+|(?:vault|env):.*)$/i;

/** The password of a URL: anything that is not a placeholder or the word "password". */
const isUrlPassword = (value: string) =>
  value.length >= 3 && !PLACEHOLDER.test(value) && !/^(?:pass(?:word)?|(.)\1*)$/i.test(value);

/**
 * A value after a credential word: 6+ characters, not a placeholder or URL, and at least two
 * character classes, one of them a digit or a symbol other than - _ . (so "crm-pass" is a name).
 */
function isSecretValue(value: string): boolean {
  if (value.length < 6 || PLACEHOLDER.test(value) || value.includes('://')) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^\w.-]/].filter((c) => c.test(value)).length;
  return classes >= 2 && /[^A-Za-z_.-]/.test(value);
}

/** Words that introduce a credential: password, pwd, pass, secret, token, api key, access key, AccountKey... */
const CREDENTIAL_WORD = String.raw`(?<![a-z])(?:pass(?:word|wd|phrase)?|pwd|secret(?:[ _-]?key)?|token|api[ _-]?key|(?:access|account|shared[ _-]?access)[ _-]?key)(?![a-z])`;
/** `:`, `=`, `:=` or `=>`, with optional quotes and spaces (never a line break). */
const ASSIGN = String.raw`["']?[ \t]*(?::=|=>|[:=])[ \t]*["']?`;

/** Token characters must not continue past the end of a match. */
const END = String.raw`(?![A-Za-z0-9_-])`;

/** Credential formats of providers beyond the recommended preset, plus password-like assignments. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  { name: 'Stripe key', pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { name: 'Stripe webhook secret', pattern: /\bwhsec_[A-Za-z0-9]{32,}\b/g },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { name: 'JSON web token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'GitLab token', pattern: new RegExp(String.raw`\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}${END}`, 'g') },
  { name: 'Anthropic key', pattern: new RegExp(String.raw`\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}${END}`, 'g') },
  { name: 'Hugging Face token', pattern: /\bhf_[A-Za-z]{34,40}\b/g },
  { name: 'SendGrid key', pattern: new RegExp(String.raw`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}${END}`, 'g') },
  { name: 'Twilio API key', pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { name: 'Mailchimp key', pattern: /\b[0-9a-f]{32}-us\d{1,2}\b/g },
  { name: 'DigitalOcean token', pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { name: 'Databricks token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { name: 'Vault token', pattern: new RegExp(String.raw`\bhv[sbr]\.[A-Za-z0-9_-]{24,}${END}`, 'g') },
  { name: 'Postman key', pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g },
  { name: 'Telegram bot token', pattern: new RegExp(String.raw`\b\d{8,10}:AA[A-Za-z0-9_-]{33}${END}`, 'g') },
  {
    // The preset only accepts DER bodies starting "MI", which misses EC P-256 ("MH...") and Ed25519 ("MC...").
    name: 'private key',
    pattern: /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\[nr])*[A-Za-z0-9+/]{40}/g,
  },
  {
    name: 'bearer token',
    pattern: /\bBearer[ \t]+(?<value>[A-Za-z0-9._~+/-]{20,}=*)/g,
    accept: (value) => /\d/.test(value) && /[A-Za-z]/.test(value),
  },
  {
    name: 'credentials in a URL',
    pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s:/@]{0,100}:(?<value>[^\s/@]{1,200})@[\w.-]+/gi,
    accept: isUrlPassword,
  },
  {
    name: 'password-like assignment',
    pattern: new RegExp(String.raw`${CREDENTIAL_WORD}${ASSIGN}(?<value>[^\s"'\x60;,]+)`, 'gi'),
    accept: isSecretValue,
  },
];

/** A secretlint scanner rule over {@link SECRET_PATTERNS}. */
export const providerSecretRule: SecretLintRuleCreator = {
  messages: { FOUND: { en: (p: { name: string }) => `found ${p.name}` } },
  meta: {
    id: 'microapp/provider-secrets',
    type: 'scanner',
    recommended: true,
    supportedContentTypes: ['text'],
  },
  create(context) {
    const t = context.createTranslator(providerSecretRule.messages);
    return {
      file(source) {
        for (const { name, pattern, accept } of SECRET_PATTERNS) {
          for (const match of source.content.matchAll(pattern)) {
            if (accept && !accept(match.groups?.['value'] ?? match[0])) continue;
            context.report({ message: t('FOUND', { name }), range: [match.index, match.index + match[0].length] });
          }
        }
      },
    };
  },
};
