import type { DiscoveredFacts, DiscoveredPerson, DiscoverySource } from '../../src/ports/discovery-source';
import type { GraphClient } from './graph-client';
import { decodeGraphCursor, encodeGraphCursor } from './graph-discovery-cursor';
import { graphDiscoveryError } from './graph-discovery-error';
import { GraphError } from './graph-error';

/** The source's name in item refs (`teams-apps:<catalog app id>`). */
export const TEAMS_APPS_SOURCE = 'teams-apps';

/**
 * Graph throttles per app registration and tenant; four requests a second (a page, then each new
 * creator's look-up) stays well inside the Teams and directory limits.
 */
export const GRAPH_DISCOVERY_PACE_MS = 250;

const CATALOG_PERMISSION = 'AppCatalog.Read.All';
const USER_PERMISSION = 'User.Read.All';
/** The tenant's own catalog apps with every definition, each definition's bot expanded so bots can be told from apps. */
const CATALOG_PATH =
  "/v1.0/appCatalogs/teamsApps?$filter=distributionMethod eq 'organization'&$expand=appDefinitions($expand=bot)";

/** A teamsApp as Graph returns it with `$expand=appDefinitions($expand=bot)`. */
interface TeamsApp {
  id?: string;
  externalId?: string | null;
  displayName?: string | null;
  distributionMethod?: string;
  appDefinitions?: TeamsAppDefinition[] | null;
}

interface TeamsAppDefinition {
  id?: string;
  displayName?: string | null;
  version?: string | null;
  publishingState?: string | null;
  lastModifiedDateTime?: string | null;
  createdBy?: { user?: { id?: string | null; displayName?: string | null } | null } | null;
  bot?: { id?: string | null } | null;
}

/**
 * The `teams-apps` discovery source: the custom apps and bots in the tenant's Teams app catalog
 * (`distributionMethod eq 'organization'`), pending submissions (`publishingState: submitted`)
 * included. The item's external id is the catalog app id; its creator is each definition's
 * `createdBy.user`, named `teams:<id>`, with the email looked up under `/v1.0/users/{id}` when the
 * app may read users (a refusal or an unknown user keeps the person without one).
 */
export function createTeamsAppsDiscoverySource(client: GraphClient, apiUrl: string): DiscoverySource {
  const emails = new Map<string, string | undefined>();

  const emailOf = async (id: string): Promise<string | undefined> => {
    if (emails.has(id)) return emails.get(id);
    let email: string | undefined;
    try {
      const user = await client.get<{ mail?: string | null; userPrincipalName?: string | null }>({
        path: `/v1.0/users/${encodeURIComponent(id)}?$select=mail,userPrincipalName`,
        permission: USER_PERMISSION,
      });
      const found = user.mail ?? user.userPrincipalName ?? undefined;
      email = found?.includes('@') && !found.includes('#EXT#') ? found.toLowerCase() : undefined;
    } catch (error) {
      if (!(error instanceof GraphError && (error.kind === 'forbidden' || error.kind === 'not_found'))) throw error;
    }
    emails.set(id, email);
    return email;
  };

  const factsOf = async (app: TeamsApp): Promise<DiscoveredFacts | undefined> => {
    if (typeof app.id !== 'string' || !app.id) return undefined;
    const definitions = (Array.isArray(app.appDefinitions) ? app.appDefinitions : []).filter(
      (d): d is TeamsAppDefinition => !!d && typeof d === 'object',
    );
    const people: DiscoveredPerson[] = [];
    for (const definition of definitions) {
      const user = definition.createdBy?.user;
      if (!user?.id || people.some((p) => p.sourceId === user.id)) continue;
      const email = await emailOf(user.id);
      people.push({
        ref: `teams:${user.id}`,
        sourceId: user.id,
        ...(user.displayName && { displayName: user.displayName }),
        ...(email && { email }),
      });
    }
    const modified = definitions
      .map((d) => d.lastModifiedDateTime)
      .filter((d): d is string => typeof d === 'string' && !Number.isNaN(Date.parse(d)))
      .sort()
      .at(-1);
    const latest = definitions.at(-1);
    return {
      externalId: app.id,
      name: app.displayName || latest?.displayName || app.externalId || app.id,
      kind: definitions.some((d) => d.bot?.id) ? 'bot' : 'app',
      people,
      ...(modified && { lastModifiedAt: new Date(modified).toISOString() }),
    };
  };

  return {
    name: TEAMS_APPS_SOURCE,
    paceMs: GRAPH_DISCOVERY_PACE_MS,
    async scanPage(cursor) {
      if (cursor === undefined) emails.clear();
      try {
        const at = cursor === undefined ? undefined : decodeGraphCursor(cursor, apiUrl);
        const page = await client.page<TeamsApp>({ path: CATALOG_PATH, permission: CATALOG_PERMISSION }, at);
        const items: DiscoveredFacts[] = [];
        for (const app of page.value) {
          const facts = app && typeof app === 'object' ? await factsOf(app) : undefined;
          if (facts) items.push(facts);
        }
        return { items, ...(page.nextLink && { cursor: encodeGraphCursor(page.nextLink) }) };
      } catch (error) {
        throw graphDiscoveryError(TEAMS_APPS_SOURCE, CATALOG_PERMISSION, error);
      }
    },
  };
}
