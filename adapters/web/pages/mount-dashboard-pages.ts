import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DescribedApp } from '../../../src/app/queries/describe-app';
import { createReadAppPage } from '../../../src/app/posture/read-app-page';
import { createReadEstate } from '../../../src/app/posture/read-estate';
import { createReadFlow } from '../../../src/app/posture/read-flow';
import { createReadHygiene } from '../../../src/app/posture/read-hygiene';
import { createReadMyApps } from '../../../src/app/posture/read-my-apps';
import { createReadValue } from '../../../src/app/posture/read-value';
import type { DiscoveryCoverage } from '../../../src/domain/discovery-coverage';
import { isTimeZone } from '../../../src/domain/working-hours';
import type { HttpServer } from '../../../src/http/http-server';
import type { PeopleDirectory } from '../../../src/people/people-directory';
import type { Clock } from '../../../src/ports/clock';
import type { Registry, RegistryWith } from '../../../src/ports/registry';
import { personLabel } from '../../../src/views/person-label';
import { html } from '../html';
import { readStylesheet } from '../read-stylesheet';
import { PAGE_HEADERS, sendHtml } from '../send-html';
import type { Viewer, ViewerOf } from '../viewer';
import { appPage } from './app-page';
import { csvText } from './csv-text';
import { estatePage } from './estate-page';
import { flowPage } from './flow-page';
import { hygienePage } from './hygiene-page';
import { myAppsPage } from './my-apps-page';
import { valuePage } from './value-page';
import type { PageContext } from './page-context';
import type { PageModel } from './page-model';
import { plainPage, renderPage } from './render-page';

/** What the dashboard pages read. */
export interface DashboardDeps {
  /** The signed-in person of a request; undefined sends them to the sign-in page. */
  viewerOf: ViewerOf;
  registry: Pick<Registry, 'apps' | 'posture' | 'read'> & RegistryWith<'apps' | 'values' | 'health'>;
  directory: Pick<PeopleDirectory, 'known'>;
  clock: Clock;
  /** The bot's TIME_ZONE: dates are written in it for a viewer whose own zone is not known. */
  timeZone: string;
  describeApp: (idOrName: string) => Promise<DescribedApp | undefined>;
  discoveryCoverage: () => Promise<DiscoveryCoverage>;
  /** A system's display name from the policy's catalog. */
  systemName: (system: string) => string;
}

/** Where a request without a session is sent. */
export const SIGN_IN_PATH = '/dashboard/sign-in';

/**
 * The posture dashboard's pages on the bot's HTTP server: Estate (`/dashboard`), Flow, Hygiene, Value,
 * My apps, an app's page, and the stylesheet. Each table downloads as CSV with
 * `?format=csv&table=<id>`. Who sees what: a viewer who sees every app (admins, reviewers) opens
 * every view; anyone else gets My apps and the pages of their own apps, the estate-wide views
 * answer with a page pointing to My apps, and someone else's app answers 404 as if it did not exist.
 */
export function mountDashboardPages(http: Pick<HttpServer, 'route'>, deps: DashboardDeps): void {
  const style = readStylesheet();
  const readEstate = createReadEstate({ ...deps, coverage: deps.discoveryCoverage });
  const readFlow = createReadFlow(deps);
  const readHygiene = createReadHygiene(deps);
  const readValue = createReadValue(deps);
  const readMyApps = createReadMyApps(deps);
  const readAppPage = createReadAppPage(deps);

  http.route('GET', '/dashboard/style.css', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'max-age=300',
      'x-content-type-options': 'nosniff',
    });
    res.end(style);
  });

  const page = (
    path: string,
    wide: boolean,
    build: (viewer: Viewer, params: Record<string, string>) => Promise<PageModel | undefined>,
  ) =>
    http.route('GET', path, async (req, res, params) => {
      const viewer = await deps.viewerOf(req);
      if (!viewer) return redirect(res, SIGN_IN_PATH);
      const zone = await zoneOf(viewer);
      if (wide && !viewer.seesAll) {
        return sendHtml(
          res,
          200,
          plainPage(
            'This view covers every app',
            html`It is open to admins and reviewers. The apps you own, back up or submitted are under <a href="/dashboard/mine">My apps</a>.`,
            viewer,
            zone,
          ),
        );
      }
      const model = await build(viewer, params);
      if (!model) {
        return sendHtml(
          res,
          404,
          plainPage(
            'No such app',
            html`No app you can see has this address. Your apps are under <a href="/dashboard/mine">My apps</a>.`,
            viewer,
            zone,
          ),
        );
      }
      sendView(req, res, model, viewer, zone);
    });

  const withNames = async (viewer: Viewer, refs: (string | undefined)[]): Promise<PageContext> => {
    const [zone, people] = await Promise.all([zoneOf(viewer), deps.directory.known(refs)]);
    return { viewer, zone, person: (ref) => personLabel(ref, ref ? people.get(ref) : undefined) };
  };

  page('/dashboard', true, async (viewer) => estatePage(await readEstate(), await withNames(viewer, [])));
  page('/dashboard/flow', true, async (viewer) => {
    const flow = await readFlow();
    const ctx = await withNames(viewer, [
      ...flow.exceptions.rows.map((x) => x.grantedBy),
      ...flow.expiring.rows.map((x) => x.owner),
      ...flow.ownerless.map((o) => o.app.owner),
    ]);
    return flowPage(flow, ctx);
  });
  page('/dashboard/hygiene', true, async (viewer) => hygienePage(await readHygiene(), await withNames(viewer, [])));
  page('/dashboard/value', true, async (viewer) => {
    const value = await readValue();
    return valuePage(
      value,
      await withNames(
        viewer,
        value.ranked.map((a) => a.answeredBy),
      ),
    );
  });
  page('/dashboard/mine', false, async (viewer) => {
    const apps = await readMyApps(viewer.refs);
    const ctx = await withNames(
      viewer,
      apps.rows.flatMap((a) => [a.owner, a.backupOwner]),
    );
    return myAppsPage(apps, ctx);
  });
  page('/dashboard/apps/{id}', false, async (viewer, params) => {
    let id: string;
    try {
      id = decodeURIComponent(params.id!);
    } catch {
      return undefined;
    }
    const found = await readAppPage(id, viewer);
    if (!found) return undefined;
    const ctx = await withNames(viewer, [
      ...found.revisions.map((r) => r.submittedBy),
      ...found.audit.map((e) => e.actorUser),
    ]);
    return appPage(found, ctx);
  });

  async function zoneOf(viewer: Viewer): Promise<string> {
    const people = await deps.directory.known([viewer.email, ...viewer.refs]);
    const own = [...people.values()].map((p) => p.timeZone).find((z) => isTimeZone(z));
    return own ?? deps.timeZone;
  }
}

function sendView(req: IncomingMessage, res: ServerResponse, model: PageModel, viewer: Viewer, zone: string): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.searchParams.get('format') !== 'csv') {
    sendHtml(res, 200, renderPage(model, viewer, zone, url.pathname));
    return;
  }
  const tables = model.sections.filter((s) => 'kind' in s);
  const wanted = url.searchParams.get('table');
  const table = tables.find((t) => t.id === wanted) ?? (wanted === null && tables.length === 1 ? tables[0] : undefined);
  if (!table) {
    sendHtml(
      res,
      404,
      plainPage(
        'No such table',
        html`This page has no table named “${wanted ?? ''}”. Use one of its download links, or add <code>&amp;table=</code> with one of: ${tables.map((t) => t.id).join(', ')}.`,
        viewer,
        zone,
      ),
    );
    return;
  }
  const body = `\ufeff${csvText(table)}`;
  res.writeHead(200, {
    ...PAGE_HEADERS,
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${model.name}-${table.id}.csv"`,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...PAGE_HEADERS, location, 'content-length': 0 });
  res.end();
}
