import type { DiscoveredFacts, DiscoveredPerson, DiscoverySource } from '../../src/ports/discovery-source';
import type { GraphClient } from './graph-client';
import { decodeGraphCursor, encodeGraphCursor } from './graph-discovery-cursor';
import { graphDiscoveryError } from './graph-discovery-error';
import { GRAPH_DISCOVERY_PACE_MS } from './teams-apps-discovery-source';

/** The source's name in item refs (`entra-apps:<application object id>`). */
export const ENTRA_APPS_SOURCE = 'entra-apps';

const PERMISSION = 'Application.Read.All';
const PATH = '/v1.0/applications?$expand=owners($select=id,displayName,mail,userPrincipalName)';
/** Microsoft Graph's own appId, named `graph` in permissions. */
const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** An application as Graph returns it with `$expand=owners`. */
interface EntraApplication {
  id?: string;
  appId?: string | null;
  displayName?: string | null;
  createdDateTime?: string | null;
  requiredResourceAccess?: { resourceAppId?: string; resourceAccess?: { id?: string; type?: string }[] }[] | null;
  owners?:
    | {
        '@odata.type'?: string;
        id?: string;
        displayName?: string | null;
        mail?: string | null;
        userPrincipalName?: string | null;
      }[]
    | null;
}

/**
 * The `entra-apps` discovery source: the tenant's app registrations with their owners. The external
 * id is the application's object id; each permission it requests is kept as
 * `<api>:<Role|Scope>:<permission id>` (`graph` for Microsoft Graph, otherwise the API's appId;
 * `Role` is an application permission, `Scope` a delegated one). Last sign-in is not read.
 */
export function createEntraAppsDiscoverySource(client: GraphClient, apiUrl: string): DiscoverySource {
  return {
    name: ENTRA_APPS_SOURCE,
    paceMs: GRAPH_DISCOVERY_PACE_MS,
    async scanPage(cursor) {
      try {
        const at = cursor === undefined ? undefined : decodeGraphCursor(cursor, apiUrl);
        const page = await client.page<EntraApplication>({ path: PATH, permission: PERMISSION }, at);
        const items = page.value
          .map((app) => (app && typeof app === 'object' ? applicationFacts(app) : undefined))
          .filter((f): f is DiscoveredFacts => f !== undefined);
        return { items, ...(page.nextLink && { cursor: encodeGraphCursor(page.nextLink) }) };
      } catch (error) {
        throw graphDiscoveryError(ENTRA_APPS_SOURCE, PERMISSION, error);
      }
    },
  };
}

function applicationFacts(app: EntraApplication): DiscoveredFacts | undefined {
  if (typeof app.id !== 'string' || !app.id) return undefined;
  const people: DiscoveredPerson[] = (Array.isArray(app.owners) ? app.owners : [])
    .filter(
      (o) => o && typeof o.id === 'string' && (o['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user',
    )
    .map((o) => {
      const email = o.mail ?? (o.userPrincipalName?.includes('#EXT#') ? undefined : o.userPrincipalName);
      return {
        ref: `teams:${o.id}`,
        sourceId: o.id,
        ...(o.displayName && { displayName: o.displayName }),
        ...(email?.includes('@') && { email: email.toLowerCase() }),
      };
    });
  const permissions = (Array.isArray(app.requiredResourceAccess) ? app.requiredResourceAccess : []).flatMap((r) =>
    (Array.isArray(r?.resourceAccess) ? r.resourceAccess : [])
      .filter((a) => typeof a?.id === 'string')
      .map(
        (a) =>
          `${r.resourceAppId === MICROSOFT_GRAPH_APP_ID ? 'graph' : (r.resourceAppId ?? 'unknown')}:${a.type ?? 'Scope'}:${a.id}`,
      ),
  );
  const created =
    app.createdDateTime && !Number.isNaN(Date.parse(app.createdDateTime)) ? app.createdDateTime : undefined;
  return {
    externalId: app.id,
    name: app.displayName || app.appId || app.id,
    kind: 'app',
    people,
    ...(created && { createdAt: new Date(created).toISOString() }),
    ...(permissions.length > 0 && { permissions }),
  };
}
