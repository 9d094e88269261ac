import type { Core } from '../../src/app/core';
import { DeliveryError } from '../../src/ports/delivery-error';
import type { Messenger } from '../../src/ports/messenger';
import type { Actor } from '../../src/domain/actor';
import { isAppError } from '../../src/domain/errors';
import { encodeDraft } from '../../src/domain/registration-draft';
import type { Policy } from '../../src/policy/policy';
import type { OutboxRow } from '../../src/ports/outbox';
import type { Registry } from '../../src/ports/registry';
import { plainText } from '../../src/views/plain-text';
import { createPresenter } from '../../src/views/create-presenter';
import { ACTIONS } from '../../src/views/action-ids';
import { createFakeMessenger } from '../delivery/fake-messenger';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';

const ana: Actor = { platform: 'slack', tenant: 'T1', userId: 'UANA', email: 'ana@example.com' };
const stranger: Actor = { platform: 'slack', tenant: 'T1', userId: 'USTRANGER' };
const adminActor: Actor = { platform: 'slack', tenant: 'T1', userId: 'UADMIN' };
const cli: Actor = { platform: 'cli', userId: 'ops' };
/** A Monday inside the policy's working hours (09:00-17:00 UTC, ana's own zone is Berlin). */
const MONDAY_NOON = '2026-12-07T12:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`claim in chat on ${dialect}`, () => {
    let registry: Registry;
    let policy: Policy;
    let core: Core;
    const state = { now: new Date(MONDAY_NOON) };

    const importRows = (rows: string[], source = 'zapier') =>
      core.importDiscovered(
        { source, fileName: 'zaps.csv', text: ['id,name,owner,createdAt,url', ...rows].join('\n') },
        cli,
      );
    const pending = async (): Promise<OutboxRow[]> =>
      (await registry.outbox.list({ states: ['pending'], limit: 500 })).filter((r) =>
        r.message.view.startsWith('discovery_'),
      );
    const stateOf = async (ref: string) => (await core.listDiscovered()).find((i) => i.ref === ref)?.state;
    const refused = async (work: Promise<unknown>) => {
      try {
        await work;
      } catch (error) {
        return isAppError(error) ? error.code : String(error);
      }
      return 'not refused';
    };
    const later = (hours: number) => (state.now = new Date(state.now.getTime() + hours * 3_600_000));

    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      const loaded = await loadTestPolicy();
      policy = { ...loaded, discovery: { ...loaded.discovery, questionsPerPersonPerDay: 5, answerDays: 7 } };
      state.now = new Date(MONDAY_NOON);
      core = testCore(registry, () => policy, { now: () => state.now });
      await core.people.remember({
        ref: 'slack:UANA',
        email: 'ana@example.com',
        displayName: 'Ana Maker',
        timeZone: 'Europe/Berlin',
        active: true,
      });
      await core.people.remember({ ref: PEOPLE.admin, displayName: 'Ada Admin', timeZone: 'UTC', active: true });
    });
    afterEach(() => registry.close());

    test('a reachable creator is asked once per item, by email or user ref; a rescan asks nobody again', async () => {
      await importRows([
        'z-1,Invoice chaser,ana@example.com,2026-11-02,https://zapier.example/z-1',
        'z-2,Lead sync,slack:UANA,,',
        'z-3,Old export,nobody@example.com,,',
      ]);
      const first = await core.askAboutDiscovered();
      expect(first.asked).toEqual([
        { ref: 'zapier:z-1', person: 'slack:UANA' },
        { ref: 'zapier:z-2', person: 'slack:UANA' },
      ]);
      expect(first.toAdmins).toEqual({ unknownCreator: 1, notMine: 0, unanswered: 0 });
      const rows = await pending();
      expect(rows.map((r) => [r.recipient, r.message])).toEqual(
        expect.arrayContaining([
          [
            { kind: 'person', ref: 'slack:UANA' },
            { view: 'discovery_question', ref: 'zapier:z-1' },
          ],
          [
            { kind: 'person', ref: 'slack:UANA' },
            { view: 'discovery_question', ref: 'zapier:z-2' },
          ],
          [
            { kind: 'person', ref: PEOPLE.admin },
            { view: 'discovery_digest', refs: ['zapier:z-3'] },
          ],
        ]),
      );
      expect(rows).toHaveLength(3);
      expect(await stateOf('zapier:z-1')).toBe('asked');

      await importRows([
        'z-1,Invoice chaser,ana@example.com,2026-11-02,https://zapier.example/z-1',
        'z-2,Lead sync,slack:UANA,,',
        'z-3,Old export,nobody@example.com,,',
      ]);
      const again = await core.askAboutDiscovered();
      expect(again.asked).toEqual([]);
      expect(again.toAdmins).toEqual({ unknownCreator: 0, notMine: 0, unanswered: 0 });
      expect(await pending()).toHaveLength(3);
      const events = (await registry.audit.events(0, 100)).filter((e) => e.action === 'discovery.asked');
      expect(events.map((e) => e.targetId).sort()).toEqual(['zapier:z-1', 'zapier:z-2']);
    });

    test('two replicas asking at once ask each item once', async () => {
      await importRows(['z-1,Invoice chaser,ana@example.com,,', 'z-2,Lead sync,ana@example.com,,']);
      const other = testCore(registry, () => policy, { now: () => state.now });
      const rounds = await Promise.all([core.askAboutDiscovered(), other.askAboutDiscovered()]);
      expect(rounds.flatMap((r) => r.asked.map((a) => a.ref)).sort()).toEqual(['zapier:z-1', 'zapier:z-2']);
      expect((await pending()).filter((r) => r.message.view === 'discovery_question')).toHaveLength(2);
    });

    test('the question says what, where and when in plain words, with the three buttons', async () => {
      await importRows(['z-1,Invoice chaser,ana@example.com,2026-11-02,https://zapier.example/z-1']);
      await core.askAboutDiscovered();
      const view = await createPresenter(core).render(
        { view: 'discovery_question', ref: 'zapier:z-1' },
        'Europe/Berlin',
      );
      const text = plainText(view!);
      expect(text).toContain('"Invoice chaser"');
      expect(text).toContain('the zapier import');
      expect(text).toContain('2 Nov 2026');
      expect(text).toContain('https://zapier.example/z-1');
      const buttons = view!.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
      expect(buttons.map((b) => [b.label, b.actionId, b.value])).toEqual([
        ['Register it', ACTIONS.registerDiscovered, 'zapier:z-1'],
        ['Not mine', ACTIONS.discoveredNotMine, 'zapier:z-1'],
        ["It's retired", ACTIONS.discoveredRetired, 'zapier:z-1'],
      ]);
      await core.answerDiscoveredItem({ ref: 'zapier:z-1', answer: 'retired' }, ana);
      expect(await createPresenter(core).render({ view: 'discovery_question', ref: 'zapier:z-1' })).toBeUndefined();
    });

    test('at most the policy number of questions a day per person; the rest come a day later', async () => {
      await importRows(Array.from({ length: 7 }, (_, i) => `z-${i},Zap ${i},ana@example.com,,`));
      const first = await core.askAboutDiscovered();
      expect(first.asked).toHaveLength(5);
      expect(first.waiting).toBe(2);
      later(2);
      expect((await core.askAboutDiscovered()).asked).toHaveLength(0);
      later(23);
      const next = await core.askAboutDiscovered();
      expect(next.asked).toHaveLength(2);
      expect(next.waiting).toBe(0);
      expect((await pending()).filter((r) => r.message.view === 'discovery_question')).toHaveLength(7);
    });

    test("one maker's backlog does not hold up another maker's question", async () => {
      await core.people.remember({ ref: 'slack:UBOB', email: 'bob@example.com', active: true });
      await importRows(
        Array.from({ length: 250 }, (_, i) => `a-${String(i).padStart(3, '0')},Zap ${i},ana@example.com,,`),
      );
      later(1);
      await importRows([
        ...Array.from({ length: 250 }, (_, i) => `a-${String(i).padStart(3, '0')},Zap ${i},ana@example.com,,`),
        'b-1,Bob flow,bob@example.com,,',
      ]);
      const round = await core.askAboutDiscovered();
      expect(round.asked.filter((a) => a.person === 'slack:UANA')).toHaveLength(5);
      expect(round.asked.filter((a) => a.person === 'slack:UBOB')).toEqual([
        { ref: 'zapier:b-1', person: 'slack:UBOB' },
      ]);
      expect(round.waiting).toBe(245);
    });

    test("questions go out in the creator's working hours, in their own zone", async () => {
      state.now = new Date('2026-12-07T19:30:00.000Z');
      await importRows(['z-1,Invoice chaser,ana@example.com,,']);
      await core.askAboutDiscovered();
      const [row] = await pending();
      expect(row!.dueAt).toBe('2026-12-08T08:00:00.000Z');
    });

    test('Not mine and retired: only the person asked or an admin, recorded, audited, and Not mine reaches the admins once', async () => {
      await importRows(['z-1,Invoice chaser,ana@example.com,,', 'z-2,Lead sync,ana@example.com,,']);
      await core.askAboutDiscovered();
      expect(await refused(core.answerDiscoveredItem({ ref: 'zapier:z-1', answer: 'not-mine' }, stranger))).toBe(
        'discovery.not_asked',
      );
      const answered = await core.answerDiscoveredItem({ ref: 'zapier:z-1', answer: 'not-mine' }, ana);
      expect(answered).toMatchObject({ state: 'not-mine', answered: { by: 'slack:UANA', at: MONDAY_NOON } });
      await core.answerDiscoveredItem({ ref: 'zapier:z-2', answer: 'retired' }, adminActor);
      expect(await stateOf('zapier:z-2')).toBe('retired');
      expect(await refused(core.answerDiscoveredItem({ ref: 'zapier:z-2', answer: 'not-mine' }, ana))).toBe(
        'discovery.settled',
      );
      const events = (await registry.audit.events(0, 100)).filter((e) => e.action === 'discovery.answered');
      expect(events.map((e) => [e.targetId, e.actorUser, JSON.parse(e.details).answer])).toEqual([
        ['zapier:z-1', 'slack:UANA', 'not-mine'],
        ['zapier:z-2', 'slack:UADMIN', 'retired'],
      ]);

      const coverage = (await core.discoveryCoverage()).sources.find((s) => s.source === 'zapier')!;
      expect(coverage).toMatchObject({ discovered: 1, registered: 0, unregistered: 1, retired: 1 });

      const round = await core.askAboutDiscovered();
      expect(round.toAdmins).toEqual({ unknownCreator: 0, notMine: 1, unanswered: 0 });
      const digest = (await pending()).find((r) => r.message.view === 'discovery_digest')!;
      expect(digest.message).toEqual({ view: 'discovery_digest', refs: ['zapier:z-1'] });
      const text = plainText((await createPresenter(core).render(digest.message, 'UTC'))!);
      expect(text).toContain('"Invoice chaser"');
      expect(text).toContain('Ana Maker said it is not theirs');
      expect((await core.askAboutDiscovered()).toAdmins.notMine).toBe(0);
    });

    test('a question unanswered after answerDays goes to the admins, once', async () => {
      await importRows(['z-1,Invoice chaser,ana@example.com,,']);
      await core.askAboutDiscovered();
      later(24 * 6);
      expect((await core.askAboutDiscovered()).toAdmins.unanswered).toBe(0);
      later(24 + 1);
      expect((await core.askAboutDiscovered()).toAdmins.unanswered).toBe(1);
      const digest = (await pending()).find((r) => r.message.view === 'discovery_digest')!;
      expect(plainText((await createPresenter(core).render(digest.message, 'UTC'))!)).toContain(
        'Ana Maker was asked on 7 Dec 2026 and has not answered',
      );
      expect((await core.askAboutDiscovered()).toAdmins.unanswered).toBe(0);
    });

    test("the admins' list comes at most once a day; an unreachable creator's item is not looked at again", async () => {
      await importRows(['z-3,Old export,nobody@example.com,,']);
      expect((await core.askAboutDiscovered()).toAdmins.unknownCreator).toBe(1);
      later(1);
      await importRows(['z-3,Old export,nobody@example.com,,', 'z-4,Other export,nobody@example.com,,']);
      const sameDay = await core.askAboutDiscovered();
      expect(sameDay.toAdmins.unknownCreator).toBe(0);
      expect((await registry.read((t) => t.discovered.awaitingQuestion(state.now.toISOString(), 10))).length).toBe(0);
      later(23);
      expect((await core.askAboutDiscovered()).toAdmins.unknownCreator).toBe(1);
      const lists = (await pending()).filter((r) => r.message.view === 'discovery_digest').map((r) => r.message);
      expect(lists).toHaveLength(2);
      expect(lists).toEqual(
        expect.arrayContaining([
          { view: 'discovery_digest', refs: ['zapier:z-3'] },
          { view: 'discovery_digest', refs: ['zapier:z-4'] },
        ]),
      );
    });

    test('a creator who cannot be looked up now (a failing platform, or the CLI with no chat connection) waits; nobody is marked unknown', async () => {
      await importRows(['z-5,Shift planner,dee@example.com,,']);
      const withLookups = (messengers: Map<string, Messenger>) =>
        testCore(registry, () => policy, { now: () => state.now }, ['slack'], undefined, undefined, messengers);
      const offline = withLookups(new Map());
      expect(await offline.askAboutDiscovered()).toMatchObject({ asked: [], lookupLater: 1, admins: 0 });

      const slack = createFakeMessenger('slack');
      slack.on.findPerson = () => {
        throw new DeliveryError({ code: 'ratelimited', permanent: false, fix: 'It is retried.' });
      };
      const bot = withLookups(new Map([['slack', slack.messenger]]));
      expect(await bot.askAboutDiscovered()).toMatchObject({ asked: [], lookupLater: 1, admins: 0 });
      expect(await stateOf('zapier:z-5')).toBe('new');
      expect(await pending()).toEqual([]);

      delete slack.on.findPerson;
      slack.learn({ ref: 'slack:UDEE', email: 'dee@example.com', displayName: 'Dee Planner', active: true });
      later(1);
      expect((await bot.askAboutDiscovered()).asked).toEqual([{ ref: 'zapier:z-5', person: 'slack:UDEE' }]);
      expect(await stateOf('zapier:z-5')).toBe('asked');
    });

    test('with no admin to tell, unknown creators wait for a later round', async () => {
      policy = { ...policy, roles: { ...policy.roles, admin: { ...policy.roles.admin!, members: [] } } };
      await importRows(['z-3,Old export,nobody@example.com,,']);
      expect((await core.askAboutDiscovered()).admins).toBe(0);
      policy = { ...policy, roles: { ...policy.roles, admin: { ...policy.roles.admin!, members: [PEOPLE.admin] } } };
      expect((await core.askAboutDiscovered()).toAdmins.unknownCreator).toBe(1);
    });

    test('Register it opens the form with the name and ref; submitting it registers the item', async () => {
      await importRows(['z-1,Invoice chaser,ana@example.com,,']);
      await core.askAboutDiscovered();
      expect(await refused(core.startDiscoveredRegistration('zapier:z-1', stranger))).toBe('discovery.not_asked');
      const form = await core.startDiscoveredRegistration('zapier:z-1', ana);
      expect(form.values.name).toBe('Invoice chaser');
      expect(form.draft.externalRefs).toEqual(['zapier:z-1']);
      const step = await core.advanceRegistration(
        {
          name: 'Invoice chaser',
          purpose: 'Chases unpaid invoices by email.',
          audience: 'personal',
          data: ['public'],
        },
        encodeDraft(form.draft),
        ana,
      );
      expect(step.kind).toBe('done');
      expect(await stateOf('zapier:z-1')).toBe('registered');
      expect((await core.discoveryCoverage()).coverage).toBe(1);
      expect(await refused(core.answerDiscoveredItem({ ref: 'zapier:z-1', answer: 'not-mine' }, ana))).toBe(
        'discovery.settled',
      );
    });
  });
}
