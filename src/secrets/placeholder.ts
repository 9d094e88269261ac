/**
 * Example keys that providers publish in their own documentation: exactly these values are excused,
 * never a value that merely contains EXAMPLE, SAMPLE or dummy.
 * - AWS IAM user guide, "Managing access keys": the access key pair used in every AWS example.
 * - AWS CLI and SDK docs: the second documented pair.
 * - Stripe API reference: the test keys shown to signed-out readers.
 * - Azure Storage emulator (Azurite) docs: the well-known development account key.
 */
export const DOCUMENTED_EXAMPLE_KEYS: ReadonlySet<string> = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

/** A whole value standing in for a secret: <x>, ${X}, $(x), {{x}}, {x}, %X%, [x], (x), masks, filler, or a word like "changeme". */
const WHOLE =
  /^(?:<[^>]*>?|\$\{[^}]*\}?|\$\(.*\)|\{\{.*\}\}|\{[A-Za-z_.]+\}|%[A-Za-z_]+%|\[.*\]|\(.*\)|[*•.…#]+|[xX*•0._-]*[xX*•]{3,}[xX*•0._-]*|(?:changeme|change_me|secret|password|passwort|token|none|null|undefined|redacted|hidden|masked|placeholder|example|sample|dummy|todo|tbd|n\/a|na|empty|unset|required|optional)s?)$/i;

/** `YOUR_API_KEY_HERE`, `your-token`, `insert-key-here`, `replace_me`: a value that tells the reader what to write. */
const INSTRUCTION =
  /^(?:(?:your|my|insert|enter|replace|put|paste|add)(?:[-_ ][\w-]*)?|[\w-]*[-_ ](?:here|goes[-_ ]here)|replace[-_ ]?me|fake|redacted)$/i;

/** A provider prefix and nothing real after it: `xoxb-…`, `sk_live_...`, `AKIA…`, `ghp_` + filler. */
const PREFIX = /^(?:[A-Za-z0-9]{1,12}[_.-]){1,3}|^[A-Za-z]{2,5}(?=[xX*•]{8,}$)/;
const PREFIX_THEN_ELLIPSIS = /^(?:[A-Za-z0-9]{1,12}[_.-]){0,3}[A-Za-z0-9]{0,5}(?:…|\.{3})$/;

/** References to where a secret is kept, instead of the secret: vault:x, env:X, secrets.X, variables read in code, Key Vault URIs. */
const REFERENCE =
  /^(?:!vault\b.*|!(?:Ref|GetAtt|Sub|ImportValue)\b.*|\{\{resolve:.*|(?:vault|env|ssm|kv|akv|keyvault|secret|secrets|op|doppler|aws-sm|gsm|azure-kv)[:/]{1,3}\S+|(?:secrets|env|vars|process\.env|os\.environ|settings|config)\.[A-Za-z_][\w.]*|@Microsoft\.KeyVault\(.*|arn:aws[\w-]*:\S+|projects\/[\w-]+\/secrets\/\S+|https?:\/\/[\w.-]+\.vault\.azure\.net\/\S*)$/i;

const shapeOfPlaceholder = (v: string) =>
  WHOLE.test(v) || INSTRUCTION.test(v) || /^\$(?:[A-Z_][A-Z0-9_]*|[a-z_]+)$/.test(v);

/**
 * True when a value is a placeholder by its whole shape (filler, an ellipsis after a prefix, a
 * template, an instruction, a documented example key) or a reference to a vault entry or variable.
 * A substring such as SAMPLE, dummy or example inside a real-shaped value does not count.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]+|["'`,;:]+$/g, '');
  if (v.length === 0 || DOCUMENTED_EXAMPLE_KEYS.has(v) || PREFIX_THEN_ELLIPSIS.test(v) || REFERENCE.test(v))
    return true;
  if (shapeOfPlaceholder(v.replace(/\.$/, ''))) return true;
  const prefix = PREFIX.exec(v);
  return prefix !== null && prefix[0].length < v.length && shapeOfPlaceholder(v.slice(prefix[0].length));
}
