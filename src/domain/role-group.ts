/** The kinds of group a role's members may name, as written before the colon in `roles.yaml`. */
export const GROUP_KINDS = ['slack-group', 'entra-group'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A group named among a role's members: a Slack user group (by id or handle) or a Microsoft Entra group (by object id). */
export interface GroupRef {
  kind: GroupKind;
  /** What follows the colon: `S0123ABCD` or `@handle` for Slack, an object id (GUID) for Entra. */
  id: string;
  /** The entry as stored and compared: `kind:id`, handles and GUIDs lower-cased. */
  key: string;
}

const SLACK_GROUP_ID = /^S[A-Z0-9]{6,}$/;
const SLACK_HANDLE = /^@[a-z0-9][a-z0-9._-]{0,79}$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when a role member entry names a group (whether or not it is well written). */
export function isGroupEntry(entry: string): boolean {
  return GROUP_KINDS.some((kind) => entry.trim().toLowerCase().startsWith(`${kind}:`));
}

/** What is wrong with a group entry, worded for whoever edits `roles.yaml`; undefined when it is fine or not a group. */
export function groupEntryProblem(entry: string): string | undefined {
  if (!isGroupEntry(entry) || parseGroupEntry(entry)) return undefined;
  const [kind, ...rest] = entry.trim().split(':');
  const id = rest.join(':').trim();
  if (kind!.toLowerCase() === 'slack-group')
    return id === '' || id === '@'
      ? `"${entry}" names no Slack user group: write slack-group:@handle (like slack-group:@reviewers) or slack-group:<id> (like slack-group:S0123ABCD)`
      : `"${entry}" is not a Slack user group: write its handle after an @ (like slack-group:@reviewers) or its id, an S followed by capitals and digits (like slack-group:S0123ABCD)`;
  return `"${entry}" is not a Microsoft Entra group: write the group's object id, a GUID like entra-group:00000000-0000-0000-0000-000000000000 (Entra admin center > Groups > the group > Object ID)`;
}

/** The group a role member entry names; undefined for a person (ref or email) or a malformed group entry. */
export function parseGroupEntry(entry: string): GroupRef | undefined {
  const text = entry.trim();
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const kind = text.slice(0, colon).toLowerCase();
  const id = text.slice(colon + 1).trim();
  if (kind === 'slack-group') {
    if (SLACK_GROUP_ID.test(id)) return { kind, id, key: `${kind}:${id}` };
    if (SLACK_HANDLE.test(id)) return { kind, id: id.toLowerCase(), key: `${kind}:${id.toLowerCase()}` };
    return undefined;
  }
  if (kind === 'entra-group' && GUID.test(id))
    return { kind, id: id.toLowerCase(), key: `${kind}:${id.toLowerCase()}` };
  return undefined;
}
