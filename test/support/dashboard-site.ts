import type { Viewer } from '../../adapters/web/viewer';
import { mountDashboardPages } from '../../adapters/web/pages/mount-dashboard-pages';
import type { Actor } from '../../src/domain/actor';
import { createHttpServer } from '../../src/http/http-server';
import { systemName } from '../../src/policy/catalog-match';
import type { DatabaseTarget } from '../../src/store/database-target';
import { clockedCore } from './clocked-core';
import { tier1, tier2, tier3 } from './manifests';
import { silentLogger } from './silent-logger';
import { PEOPLE } from './test-policy';

/** The viewers a test picks with the `x-test-viewer` header: an admin who sees all, and Olivia who owns two apps. */
export const VIEWERS: Record<string, Viewer> = {
  admin: {
    email: 'ada@example.com',
    name: 'Ada Admin',
    refs: ['slack:UADMIN'],
    seesAll: true,
    csrfToken: 'csrf-admin',
  },
  owner: {
    email: 'olivia@example.com',
    name: 'Olivia Owner',
    refs: [PEOPLE.owner, 'olivia@example.com'],
    seesAll: false,
    csrfToken: 'csrf-owner',
  },
};

/** Someone else's app, whose name must never reach Olivia; it is also the escaping probe. */
export const HIDDEN_APP = '<script>alert(1)</script> renewals';
/** An incident summary a spreadsheet would run as a formula. */
export const FORMULA = '=HYPERLINK("http://evil.example","x")';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };

/**
 * The dashboard over real HTTP on a seeded registry: Olivia's "Notes tidier" (tier 1, approved
 * automatically) and "Inbox router" (tier 2, approved by a reviewer), and a stranger's tier 3 app
 * waiting for review with an open incident. Requests pick their viewer with `x-test-viewer`
 * or a `test-viewer` cookie (admin, owner); without either there is no session.
 */
export async function startDashboardSite(dialect: DatabaseTarget['kind']) {
  const t = await clockedCore(dialect, '2026-12-01T10:00:00.000Z');
  const { core, registry } = t;
  await core.people.remember({
    ref: PEOPLE.owner,
    email: 'olivia@example.com',
    displayName: 'Olivia Owner',
    active: true,
  });
  await core.people.remember({
    ref: PEOPLE.stranger,
    email: 'sam@example.com',
    displayName: 'Sam Stranger',
    active: true,
  });
  await core.submitRegistration(tier1(), owner);
  await core.submitRegistration(tier2(), owner);
  await core.decideReview({
    reviewId: (await core.appDetails('Inbox router'))!.review!.id,
    actor: reviewer,
    verdict: 'approve',
  });
  await core.submitRegistration(
    tier3({ name: HIDDEN_APP, owner: PEOPLE.stranger, backupOwner: PEOPLE.reviewer2 }),
    stranger,
  );
  const hidden = (await core.findApp(HIDDEN_APP))!;
  await core.openIncident(`${HIDDEN_APP} ${FORMULA}`, stranger);
  t.state.now = new Date('2026-12-04T10:00:00.000Z');
  const http = createHttpServer(silentLogger);
  mountDashboardPages(http, {
    viewerOf: async (req) =>
      VIEWERS[String(req.headers['x-test-viewer'] ?? /test-viewer=(\w+)/.exec(req.headers.cookie ?? '')?.[1] ?? '')],
    registry,
    directory: core.people,
    clock: { now: () => t.state.now },
    timeZone: 'UTC',
    describeApp: (id) => core.describeApp(id),
    discoveryCoverage: () => core.discoveryCoverage(),
    systemName: (s) => systemName(t.state.policy, s),
  });
  const port = await http.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    core,
    registry,
    hiddenAppId: hidden.id,
    ownAppId: (await core.findApp('Inbox router'))!.id,
    async stop() {
      await http.close(100);
      await registry.close();
    },
  };
}
