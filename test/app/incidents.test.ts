import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import { tier1 } from '../support/manifests';
import { refusal } from '../support/refusal';
import { DIALECTS } from '../support/test-databases';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { PEOPLE } from '../support/test-policy';
import { createPresenter } from '../../src/views/create-presenter';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const security: Actor = { platform: 'slack', userId: 'USECURITY' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };

for (const dialect of DIALECTS) {
  describe(`incidents on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-27T16:00:00.000Z');
      ({ registry, core } = t);
      await core.submitRegistration(tier1(), owner);
    });
    afterEach(() => registry.close());
    const queued = async () => (await registry.outbox.list({ states: ['pending'], limit: 1000 })).reverse();
    const sweep = (iso: string) => t.sweep(iso);

    test('anyone reports one; security and the owner hear at once; the name is found at the start of the text', async () => {
      const { incident, app, told } = await core.openIncident(
        'Notes tidier: the nightly sync sent rows to a public sheet',
        stranger,
      );
      expect({ app: app.name, told, summary: incident.summary }).toEqual({
        app: 'Notes tidier',
        told: 3,
        summary: 'the nightly sync sent rows to a public sheet',
      });
      const notices = (await queued()).filter(
        (r) => r.message.view === 'notice' && r.message.notice.type === 'incident_opened',
      );
      expect(notices.map((r) => (r.recipient.kind === 'person' ? r.recipient.ref : '')).sort()).toEqual(
        [PEOPLE.backup, PEOPLE.owner, PEOPLE.security, PEOPLE.security2].sort(),
      );
      const view = await createPresenter(core).render(notices[0]!.message);
      expect(view?.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.label) : []))).toEqual([
        'Acknowledge',
        'Root cause recorded',
      ]);
      expect((await registry.audit.events(0, 100)).map((e) => e.action)).toContain('incident.opened');
      expect((await core.openIncident('"Notes tidier" rows went to the wrong place', owner)).incident.summary).toBe(
        'rows went to the wrong place',
      );
    });

    test('an unclear or secret-bearing report is refused with what to do', async () => {
      expect((await refusal(core.openIncident('No such app at all went down', stranger))).message).toMatch(
        /Start with the app's name as registered/,
      );
      expect((await refusal(core.openIncident('Notes tidier down', stranger))).message).toMatch(
        /10 to 1,000 characters/,
      );
      const secret = await refusal(
        core.openIncident(
          `Notes tidier leaked the key ${['sk', 'live', 'a1B2c3D4e5F6g7H8i9J0k1L2'].join('_')} in a log`,
          stranger,
        ),
      );
      expect(secret.code).toBe('input.invalid');
      expect(JSON.stringify(await queued())).not.toContain('a1B2c3D4e5F6g7H8i9J0k1L2');
    });

    test('nobody takes it in 2 hours: security is reminded at once, even on a Friday night; acknowledging stops it', async () => {
      const { incident } = await core.openIncident(
        'Notes tidier the nightly sync sent rows to a public sheet',
        stranger,
      );
      expect((await sweep('2026-11-27T17:59:00.000Z')).digests).toEqual([]);
      const late = await sweep('2026-11-27T18:00:00.000Z');
      expect(late.digests.every((d) => d.sent && d.items[0]!.stage === 'unacknowledged')).toBe(true);
      expect(late.digests.map((d) => d.recipient).sort()).toEqual(
        [PEOPLE.backup, PEOPLE.security, PEOPLE.security2].sort(),
      );

      expect((await refusal(core.answerIncident(incident.id, 'acknowledge', owner))).code).toBe('incident.not_allowed');
      expect(await core.answerIncident(incident.id, 'acknowledge', security)).toMatchObject({
        changed: true,
        incident: { acknowledgedBy: PEOPLE.security },
      });
      expect(
        await core.answerIncident(incident.id, 'acknowledge', { platform: 'slack', userId: 'USECURITY2' }),
      ).toMatchObject({ changed: false });
      const digest = (await queued()).find((r) => r.message.view === 'reminder_digest')!;
      expect(await createPresenter(core).render(digest.message)).toBeUndefined();
    });

    test('the root-cause analysis is due after 72 hours: the owner is reminded in working hours until they record it', async () => {
      const { incident } = await core.openIncident(
        'Notes tidier the nightly sync sent rows to a public sheet',
        stranger,
      );
      await core.answerIncident(incident.id, 'acknowledge', security);
      expect((await sweep('2026-11-30T15:00:00.000Z')).digests).toEqual([]);
      const due = await sweep('2026-11-30T16:00:00.000Z');
      expect(due.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          sent: true,
          items: [expect.objectContaining({ obligation: 'incident_rca', stage: 'rca_due' })],
        }),
      ]);
      expect((await refusal(core.answerIncident(incident.id, 'resolve', stranger))).code).toBe('incident.not_allowed');
      expect(await core.answerIncident(incident.id, 'resolve', owner)).toMatchObject({ changed: true });
      expect((await registry.audit.events(0, 100)).map((e) => e.action)).toEqual(
        expect.arrayContaining(['incident.acknowledged', 'incident.resolved']),
      );
      expect((await sweep('2026-12-07T16:00:00.000Z')).digests).toEqual([]);
    });
  });
}
