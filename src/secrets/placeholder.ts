/** A whole value standing in for a secret: <x>, ${X}, $X, {{x}}, %X%, [x], (x), ***, ... or a word like "changeme". */
const WHOLE =
  /^(?:<[^>]*>?|\$\{[^}]*\}?|\$\(.*\)|\{\{.*\}\}|\{[A-Za-z_.]+\}|%[A-Za-z_]+%|\[.*\]|\(.*\)|[*•.…]+|[xX]+|#+|(?:changeme|change_me|secret|password|passwort|token|none|null|undefined|redacted|hidden|masked|placeholder|example|sample|dummy|todo|tbd|n\/a|na|empty|unset|required|optional)s?)$/i;

/** Markers inside a value that show it is an example, not a real credential. */
const MARKER =
  /\*{3,}|\.{3}|…|<[^>]*>|\$\{|\{\{|your[-_ ]?[a-z]*|[-_]here\b|here[-_]|example[-_]?(?:key|token|secret|pass\w*|value)|^example|example$|placeholder|changeme|change[-_]me|redacted|dummy|insert[-_]|replace[-_]?(?:me|with)|sample|0{8,}|(?:\b|_)fake(?:\b|_)/i;

/** References to where a secret is kept, instead of the secret: vault:x, env:X, secrets.X, variables read in code, Key Vault URIs. */
const REFERENCE =
  /^(?:!vault\b.*|!(?:Ref|GetAtt|Sub|ImportValue)\b.*|\{\{resolve:.*|(?:vault|env|ssm|kv|akv|keyvault|secret|secrets|op|doppler|aws-sm|gsm|azure-kv)[:/]{1,3}\S+|(?:secrets|env|vars|process\.env|os\.environ|settings|config)\.[A-Za-z_][\w.]*|@Microsoft\.KeyVault\(.*|arn:aws[\w-]*:\S+|projects\/[\w-]+\/secrets\/\S+|https?:\/\/[\w.-]+\.vault\.azure\.net\/\S*)$/i;

/** True when a value is a placeholder, an example marker or a reference to a vault entry or variable. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]+|["'`.,;:]+$/g, '');
  return (
    v.length === 0 ||
    /^\$(?:[A-Z_][A-Z0-9_]*|[a-z_]+)$/.test(v) ||
    WHOLE.test(v) ||
    /x{4,}|X{4,}/.test(v) ||
    MARKER.test(v) ||
    REFERENCE.test(v)
  );
}
