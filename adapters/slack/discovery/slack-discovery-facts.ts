import type { DiscoveredFacts, DiscoveredKind, DiscoveredPerson } from '../../../src/ports/discovery-source';

/** A scope as admin.apps.approved.list and admin.apps.requests.list describe it. */
interface SlackScope {
  name?: string;
  token_type?: string;
}

/** The app object the admin.apps methods return. */
interface SlackApp {
  id?: string;
  name?: string;
  app_directory_url?: string;
  app_homepage_url?: string;
}

/** One entry of admin.apps.approved.list `approved_apps`. */
export interface SlackApprovedApp {
  app?: SlackApp;
  scopes?: SlackScope[];
  date_updated?: number;
}

/** One entry of admin.apps.requests.list `app_requests`. */
export interface SlackAppRequest {
  id?: string;
  app?: SlackApp;
  user?: { id?: string; name?: string; email?: string };
  scopes?: SlackScope[];
  date_created?: number;
}

/** One entry of admin.workflows.search `workflows`. */
export interface SlackWorkflow {
  id?: string;
  title?: string;
  collaborators?: string[];
  date_updated?: number;
}

/** One entry of team.integrationLogs `logs`. */
export interface SlackIntegrationLog {
  app_id?: string;
  app_type?: string;
  service_id?: string | number;
  service_type?: string;
  user_id?: string;
  user_name?: string;
  date?: string | number;
  change_type?: string;
  scope?: string;
}

/** A unix timestamp in seconds (number or numeric string) as an ISO instant; undefined when it is not one. */
export function unixToIso(value: unknown): string | undefined {
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? new Date(seconds * 1000).toISOString()
    : undefined;
}

/** A Slack user id as a person the core can reach (`slack:U…`). */
function slackPerson(id: unknown, extra: Omit<DiscoveredPerson, 'ref'> = {}): DiscoveredPerson[] {
  return typeof id === 'string' && /^[UW][A-Z0-9]{2,}$/.test(id) ? [{ ref: `slack:${id}`, ...extra }] : [];
}

/** An app holding any bot-token scope is a bot; otherwise an app. */
function appKind(scopes: SlackScope[] | undefined): DiscoveredKind {
  return listOf(scopes).some((s) => s?.token_type === 'bot') ? 'bot' : 'app';
}

function scopeNames(scopes: SlackScope[] | undefined): string[] | undefined {
  const names = listOf(scopes).flatMap((s) => (typeof s?.name === 'string' && s.name ? [s.name] : []));
  return names.length > 0 ? [...new Set(names)] : undefined;
}

/** An app as both admin app lists give it, with who to name and its date; undefined without an id. */
function appFacts(
  app: SlackApp | undefined,
  scopes: SlackScope[] | undefined,
  rest: Pick<DiscoveredFacts, 'people' | 'createdAt' | 'lastModifiedAt'>,
): DiscoveredFacts | undefined {
  if (typeof app?.id !== 'string' || !app.id) return undefined;
  return {
    externalId: app.id,
    name: textOr(app.name, app.id),
    kind: appKind(scopes),
    ...rest,
    url: app.app_directory_url || app.app_homepage_url || undefined,
    permissions: scopeNames(scopes),
  };
}

/** An approved app: who approved it is an admin, not its maker, so it names no people. */
export function approvedAppFacts(entry: SlackApprovedApp): DiscoveredFacts | undefined {
  return appFacts(entry.app, entry.scopes, { people: [], lastModifiedAt: unixToIso(entry.date_updated) });
}

/** A pending install request: still an item; the person who asked for it is the one to ask. */
export function appRequestFacts(entry: SlackAppRequest): DiscoveredFacts | undefined {
  return appFacts(entry.app, entry.scopes, {
    people: slackPerson(entry.user?.id, {
      email: entry.user?.email || undefined,
      displayName: entry.user?.name || undefined,
    }),
    createdAt: unixToIso(entry.date_created),
  });
}

/** A workflow; `ownerless` when it came from the `no_collaborators` search, so it names nobody. */
export function workflowFacts(entry: SlackWorkflow, ownerless: boolean): DiscoveredFacts | undefined {
  if (typeof entry.id !== 'string' || !entry.id) return undefined;
  return {
    externalId: entry.id,
    name: textOr(entry.title, entry.id),
    kind: 'workflow',
    people: ownerless ? [] : listOf(entry.collaborators).flatMap((id) => slackPerson(id)),
    lastModifiedAt: unixToIso(entry.date_updated),
  };
}

/**
 * The integrations one page of team.integrationLogs shows: the log is a history of changes, so each
 * app or service is reported once, by its latest entry, and left out when that entry removed or
 * disabled it.
 */
export function integrationLogFacts(logs: SlackIntegrationLog[]): DiscoveredFacts[] {
  const latest = new Map<string, SlackIntegrationLog>();
  for (const log of logs) {
    const id = logId(log);
    if (!id) continue;
    const seen = latest.get(id);
    if (!seen || Number(log.date ?? 0) >= Number(seen.date ?? 0)) latest.set(id, log);
  }
  return [...latest.entries()].flatMap(([id, log]) => {
    if (log.change_type === 'removed' || log.change_type === 'disabled') return [];
    const at = unixToIso(log.date);
    const scopes = (typeof log.scope === 'string' ? log.scope : '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const facts: DiscoveredFacts = {
      externalId: id,
      name: textOr(log.app_id ? log.app_type : log.service_type, id),
      kind: log.app_id ? (scopes.includes('bot') ? 'bot' : 'app') : 'integration',
      people: slackPerson(log.user_id, { displayName: log.user_name || undefined }),
      ...(log.change_type === 'added' ? { createdAt: at } : { lastModifiedAt: at }),
      permissions: scopes.length > 0 ? scopes : undefined,
    };
    return [facts];
  });
}

/** `value` when it is a non-empty string, else `fallback`. */
function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/** `value` when Slack sent a list, else an empty one (a malformed answer names fewer facts rather than failing). */
function listOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** Apps keep their app id (so an app found by the admin lists and by the log is one item); services get `service:<id>`. */
function logId(log: SlackIntegrationLog): string | undefined {
  if (typeof log.app_id === 'string' && log.app_id) return log.app_id;
  if (log.service_id !== undefined && String(log.service_id) !== '') return `service:${log.service_id}`;
  return undefined;
}
