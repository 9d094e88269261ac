/** Manifest lists a rule may look into; the items that alone make it fire are what it is about. */
export const LIST_FIELDS = [
  'integrations',
  'dataTypes',
  'requestedScopes',
  'thirdPartyLibraries',
  'productionEndpoints',
] as const;

/** One of `LIST_FIELDS`. */
export type ListField = (typeof LIST_FIELDS)[number];

interface AstNode {
  op: string;
  args: unknown;
}

const isNode = (value: unknown): value is AstNode =>
  value !== null && typeof value === 'object' && typeof (value as AstNode).op === 'string';

/**
 * The manifest lists a parsed CEL condition can read: those it names as `app.<list>`, or all of them
 * when it uses `app` any other way. A list it cannot read cannot change its result, so it need not
 * be probed for the items a reason is about.
 */
export function listsRead(ast: unknown): ListField[] {
  const named = new Set<string>();
  const seen = new Set<object>();
  let whole = false;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (!isNode(value)) {
      for (const part of Array.isArray(value) ? value : Object.values(value)) visit(part);
      return;
    }
    if (value.op === 'id') {
      if (value.args === 'app') whole = true;
      return;
    }
    const [target, field] = Array.isArray(value.args) ? value.args : [];
    if ((value.op === '.' || value.op === '.?') && isNode(target) && target.op === 'id' && target.args === 'app') {
      if (typeof field === 'string') named.add(field);
      else whole = true;
      return;
    }
    visit(value.args);
  };
  visit(ast);
  return LIST_FIELDS.filter((f) => whole || named.has(f));
}
