import { DIALECTS } from '../support/test-databases';
import { alerts, deliveryWorkerFixture, retryable, sleep, toPerson } from './worker-fixture';

for (const dialect of DIALECTS) {
  describe(`delivering to people on ${dialect}`, () => {
    const w = deliveryWorkerFixture(dialect);

    test('someone unknown on every platform is undeliverable, and admins hear who it was', async () => {
      await w.enqueue([toPerson('nobody@example.com', 'app-1'), toPerson('nobody@example.com', 'app-2')]);
      w.start();
      const all = await w.waitForRows(
        (r) => alerts(r).some((a) => a.state === 'done') && r.filter((x) => x.state === 'undeliverable').length === 2,
      );
      await sleep(100);
      expect(
        all
          .filter((r) => r.state === 'undeliverable')
          .every((r) => r.lastError === 'person_unknown' && /check the email/i.test(r.fix ?? '')),
      ).toBe(true);
      expect(alerts(await w.rows())).toHaveLength(1);
      expect(alerts(all)[0]!.message).toMatchObject({
        view: 'notice',
        notice: { type: 'person_unreachable', ref: 'nobody@example.com' },
      });
      expect(w.fake.callsOf('post').map((c) => c.args[0])).toEqual(['D-UADMIN']);
    });

    test('when the platform cannot say who an email is, the message waits and goes once it can; nobody is told it is unknown', async () => {
      w.fake.on.findPerson = () => {
        throw retryable('ratelimited', 50);
      };
      await w.enqueue([toPerson('dee@example.com', 'app-1')]);
      w.start();
      const [waiting] = await w.waitForRows((r) => r[0]!.attempts >= 2 && r[0]!.state === 'pending');
      expect(waiting).toMatchObject({ lastError: 'person_lookup_failed' });
      delete w.fake.on.findPerson;
      w.fake.learn({ ref: 'slack:UDEE', email: 'dee@example.com', displayName: 'Dee', active: true });
      await w.waitForRows((r) => r[0]!.state === 'done');
      expect(w.fake.callsOf('post').map((c) => c.args[0])).toEqual(['D-UDEE']);
      expect(alerts(await w.rows())).toHaveLength(0);
    });

    test('an admin notice for an admin unknown here is undeliverable with a fix for the admin role, and alerts nobody', async () => {
      w.policy = {
        ...w.policy,
        roles: { ...w.policy.roles, admin: { ...w.policy.roles.admin!, members: ['teams:TADMIN'] } },
      };
      await w.enqueue([
        {
          recipient: { kind: 'person', ref: 'teams:TADMIN' },
          message: { view: 'notice', notice: { type: 'role_unheld', appId: 'app-1', role: 'security' } },
        },
      ]);
      w.start();
      const all = await w.waitForRows((r) => r.some((x) => x.state === 'undeliverable'));
      await sleep(100);
      expect(all.find((r) => r.state === 'undeliverable')).toMatchObject({
        lastError: 'person_unknown',
        fix: expect.stringMatching(
          /^The admin teams:TADMIN is not known on slack: in policies\/roles\.yaml list admins under roles\.admin\.members/,
        ),
      });
      expect(alerts(await w.rows())).toEqual([]);
      expect(w.fake.callsOf('post')).toEqual([]);
    });
  });
}
