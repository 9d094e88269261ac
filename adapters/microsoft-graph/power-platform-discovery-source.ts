import type {
  DiscoveredFacts,
  DiscoveredKind,
  DiscoveredPerson,
  DiscoverySource,
} from '../../src/ports/discovery-source';
import type { GraphClient } from './graph-client';
import { graphDiscoveryError } from './graph-discovery-error';
import { GraphError } from './graph-error';

/** The source's name in item refs (`power-platform:<resource name>`). */
export const POWER_PLATFORM_SOURCE = 'power-platform';

/**
 * Azure Resource Graph, which answers the inventory queries, gives as its example quota 15 queries
 * per user in any 5-second window; one page every 400 ms stays under it.
 */
export const POWER_PLATFORM_PACE_MS = 400;
/** Rows a page; the Power Platform admin center asks for 1,000. */
export const POWER_PLATFORM_PAGE_SIZE = 1000;

const PATH = '/resourcequery/resources/query?api-version=2024-10-01';
const PERMISSION = 'ResourceQuery.Resources.Read';
const FORBIDDEN_FIX =
  'The inventory answers only a signed-in user who holds the Power Platform Administrator or Dynamics 365 Administrator role, through an app registration with the delegated Power Platform API permission ResourceQuery.Resources.Read (admin consent granted). Sign in again as such a user and replace POWER_PLATFORM_REFRESH_TOKEN (see docs/discovery-sources.md).';

/** The inventory's resource types the source reads, and the kind each becomes. */
const KINDS: Record<string, DiscoveredKind> = {
  'microsoft.powerapps/canvasapps': 'app',
  'microsoft.powerautomate/cloudflows': 'flow',
  'microsoft.copilotstudio/agents': 'agent',
};

/** A row of the PowerPlatformResources table, as far as the source reads it. */
interface InventoryRow {
  name?: unknown;
  type?: unknown;
  properties?: {
    displayName?: unknown;
    createdAt?: unknown;
    createdBy?: unknown;
    ownerId?: unknown;
    lastModifiedAt?: unknown;
    environmentId?: unknown;
  } | null;
}

/** What the query answers: a page of rows and, when more follow, the token for the next page. */
interface InventoryPage {
  data?: unknown;
  skipToken?: unknown;
}

/** The query the scan sends: the three resource types, a page of rows, and the next page's token when resuming. */
export function inventoryQuery(skipToken?: string) {
  return {
    TableName: 'PowerPlatformResources',
    Clauses: [
      {
        $type: 'where',
        FieldName: 'type',
        Operator: 'in~',
        Values: Object.keys(KINDS).map((t) => `'${t}'`),
      },
      { $type: 'project', FieldList: ['name', 'type', 'properties'] },
    ],
    Options: { Top: POWER_PLATFORM_PAGE_SIZE, ...(skipToken && { SkipToken: skipToken }) },
  };
}

/**
 * The `power-platform` discovery source: canvas apps, cloud flows and Copilot Studio agents from the
 * Power Platform inventory (`POST /resourcequery/resources/query`), paged by the answer's
 * `skipToken`. The external id is the resource's `name`; the creator (`createdBy`) and the owner
 * (`ownerId`) are Entra object ids, named `teams:<id>`. `client` must hold a signed-in user's
 * tokens: the inventory refuses app-only tokens.
 */
export function createPowerPlatformDiscoverySource(client: GraphClient): DiscoverySource {
  return {
    name: POWER_PLATFORM_SOURCE,
    paceMs: POWER_PLATFORM_PACE_MS,
    async scanPage(cursor) {
      try {
        const page = await client.post<InventoryPage>(
          { path: PATH, permission: PERMISSION, forbiddenFix: FORBIDDEN_FIX },
          inventoryQuery(cursor === undefined ? undefined : decodeCursor(cursor)),
        );
        if (!Array.isArray(page.data))
          throw new GraphError({
            kind: 'unavailable',
            graphCode: 'garbage',
            message: 'The Power Platform API answered the inventory query without a list of rows (`data`).',
            fix: 'It is tried again at the next scan; if it persists, check POWER_PLATFORM_API_URL (leave it unset for https://api.powerplatform.com).',
          });
        const items = page.data
          .map((row) => (row && typeof row === 'object' ? rowFacts(row as InventoryRow) : undefined))
          .filter((f): f is DiscoveredFacts => f !== undefined);
        const next = typeof page.skipToken === 'string' && page.skipToken ? page.skipToken : undefined;
        return { items, ...(next && { cursor: JSON.stringify({ skipToken: next }) }) };
      } catch (error) {
        throw graphDiscoveryError(POWER_PLATFORM_SOURCE, PERMISSION, error, FORBIDDEN_FIX);
      }
    },
  };
}

/** The skip token from a stored cursor; a cursor of another shape starts the scan over. */
function decodeCursor(text: string): string | undefined {
  try {
    const token = (JSON.parse(text) as { skipToken?: unknown }).skipToken;
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    return undefined;
  }
}

function rowFacts(row: InventoryRow): DiscoveredFacts | undefined {
  const kind = typeof row.type === 'string' ? KINDS[row.type.toLowerCase()] : undefined;
  if (!kind || typeof row.name !== 'string' || !row.name) return undefined;
  const p = row.properties && typeof row.properties === 'object' ? row.properties : {};
  const people: DiscoveredPerson[] = [];
  for (const id of [p.createdBy, p.ownerId])
    if (typeof id === 'string' && id && !people.some((x) => x.sourceId === id))
      people.push({ ref: `teams:${id}`, sourceId: id });
  const createdAt = instant(p.createdAt);
  const lastModifiedAt = instant(p.lastModifiedAt);
  return {
    externalId: row.name,
    name: typeof p.displayName === 'string' && p.displayName.trim() ? p.displayName.trim() : row.name,
    kind,
    people,
    ...(createdAt && { createdAt }),
    ...(lastModifiedAt && { lastModifiedAt }),
  };
}

function instant(value: unknown): string | undefined {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return undefined;
  return new Date(value).toISOString();
}
