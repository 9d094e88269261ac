import type { DeliveryOptions, DeliveryWorker } from '../../src/delivery/delivery-worker';
import { createDeliveryWorker } from '../../src/delivery/delivery-worker';
import type { NewOutboundMessage, Notice } from '../../src/domain/outbound';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Policy } from '../../src/policy/policy';
import { DeliveryError } from '../../src/ports/delivery-error';
import type { OutboxRow } from '../../src/ports/outbox';
import { OUTBOX_STATES } from '../../src/ports/outbox';
import { silentLogger } from '../support/silent-logger';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';
import { waitFor } from '../support/wait-for';
import type { FakeMessenger } from './fake-messenger';
import { createFakeMessenger } from './fake-messenger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryable = (code = 'http_503', retryAfterMs?: number) =>
  new DeliveryError({ code, permanent: false, retryAfterMs, fix: 'It is retried.' });
const notice = (appId: string): Notice => ({ type: 'app_decommissioned', appId, by: PEOPLE.owner });
const toChannel = (channel: string, appId = channel): NewOutboundMessage => ({
  recipient: { kind: 'channel', platform: 'slack', channel },
  message: { view: 'notice', notice: notice(appId) },
});
const toPerson = (ref: string, appId = ref): NewOutboundMessage => ({
  recipient: { kind: 'person', ref },
  message: { view: 'notice', notice: notice(appId) },
});

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

for (const dialect of DIALECTS) {
  describe(`delivery worker on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    let fake: FakeMessenger;
    let worker: DeliveryWorker | undefined;
    /** The worker's clock runs with the wall clock from 10:10 on a fixed day; tests move it on by the hour. */
    let offsetMs = 0;
    const clock = { now: () => new Date(Date.now() + offsetMs) };
    const iso = (ms = 0) => new Date(clock.now().getTime() + ms).toISOString();

    beforeEach(async () => {
      offsetMs = Date.parse('2026-11-21T10:10:00.000Z') - Date.now();
      registry = await createTestRegistry(dialect);
      fake = createFakeMessenger('slack', [
        { ref: PEOPLE.owner, displayName: 'Olivia Owner', active: true },
        { ref: PEOPLE.admin, displayName: 'Ada Admin', active: true },
      ]);
      worker = undefined;
    });
    afterEach(async () => {
      await worker?.stop(2_000);
      await registry.close();
    });

    const start = (options: DeliveryOptions = {}, busy?: () => boolean) => {
      const messengers = new Map([['slack', fake.messenger]]);
      const directory = createPeopleDirectory({ people: registry.people, messengers, clock });
      worker = createDeliveryWorker(
        { registry, directory, messengers, policy: () => policy, clock, logger: silentLogger, busy },
        { pollMs: 20, firstRetryMs: 50, maxRetryMs: 400, leaseMs: 5_000, sendTimeoutMs: 2_000, ...options },
      );
      worker.start();
      return worker;
    };
    const enqueue = (messages: NewOutboundMessage[], ms = 0) => registry.outbox.enqueue(messages, iso(ms));
    const rows = () => registry.outbox.list({ states: [...OUTBOX_STATES], limit: 1_000 });
    const counts = () => registry.outbox.counts();
    const waitForRows = async (test: (rows: OutboxRow[]) => boolean, timeoutMs = 3_000) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const all = await rows();
        if (test(all)) return all;
        if (Date.now() > end)
          throw new Error(
            `timed out; outbox: ${JSON.stringify(all.map((r) => [r.lane, r.state, r.attempts, r.lastError]))}`,
          );
        await sleep(20);
      }
    };
    /** Behaviour bound to timing lives in the worker, not the database: it runs once, on SQLite. */
    const timed = (name: string, fn: () => Promise<void>) => (dialect === 'sqlite' ? test(name, fn) : undefined);
    const alerts = (all: OutboxRow[]) =>
      all.filter(
        (r) =>
          r.message.view === 'notice' && ['delivery_problem', 'person_unreachable'].includes(r.message.notice.type),
      );
    const inLane = (all: OutboxRow[], channel: string) => all.filter((r) => r.lane === `slack:channel:${channel}`);

    test('each message is sent once, rendered with current names, and marked done with its reference', async () => {
      await enqueue([toChannel('C-ONE'), toChannel('C-TWO'), toPerson(PEOPLE.owner)]);
      start();
      const all = await waitForRows((r) => r.filter((x) => x.state === 'done').length === 3);
      await sleep(150);

      expect(fake.posted.map((p) => p.address).sort()).toEqual(['C-ONE', 'C-TWO', 'D-UOWNER']);
      for (const row of all) {
        const posts = fake.posted.filter((p) => p.key === row.id);
        expect(posts).toHaveLength(1);
        expect(row).toMatchObject({ state: 'done', attempts: 1, ref: posts[0]!.ref });
        expect(row.doneAt).toBeDefined();
        expect(JSON.stringify(posts[0]!.view)).toContain('Olivia Owner decommissioned');
      }
      expect(fake.callsOf('findSent')).toEqual([]);
      expect(await counts()).toEqual({ pending: 0, sending: 0, done: 3, undeliverable: 0 });
    });

    timed(
      'while requests are being answered, sends wait for a pause, and never longer than yieldMs in a row',
      async () => {
        let busy = true;
        await enqueue([toChannel('C-ONE')]);
        start({ yieldMs: 1_500 }, () => busy);
        await sleep(300);
        expect(fake.posted).toEqual([]);
        const pausedAt = Date.now();
        busy = false;
        await waitFor(() => fake.postsTo('C-ONE').length === 1, 1_000);
        expect(fake.postsTo('C-ONE')[0]!.at - pausedAt).toBeLessThan(1_000);

        busy = true;
        const queuedAt = Date.now();
        await enqueue([toChannel('C-TWO')]);
        worker!.wake();
        await waitFor(() => fake.postsTo('C-TWO').length === 1, 4_000);
        const waited = fake.postsTo('C-TWO')[0]!.at - queuedAt;
        expect(waited).toBeGreaterThanOrEqual(1_400);
        expect(waited).toBeLessThan(3_500);
      },
    );

    timed('a failing channel does not hold up another channel, and is retried later, one send at a time', async () => {
      let inFlight = 0;
      let mostInFlight = 0;
      fake.on.post = async (address: string) => {
        if (address !== 'C-DOWN') return;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await sleep(1_000);
        inFlight -= 1;
        throw retryable();
      };
      await enqueue(
        Array.from({ length: 25 }, (_, i) => toChannel('C-DOWN', `down-${i}`)),
        -5_000,
      );
      await enqueue([toChannel('C-UP')]);
      const startedAt = Date.now();
      start();

      await waitFor(() => fake.postsTo('C-UP').length === 1, 1_000);
      expect(fake.postsTo('C-UP')[0]!.at - startedAt).toBeLessThan(800);
      expect(fake.postsTo('C-DOWN')).toEqual([]);

      await waitFor(() => fake.callsOf('post', 'C-DOWN').length >= 2, 4_000);
      const [first, second] = fake.callsOf('post', 'C-DOWN');
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000 + 40);
      expect(mostInFlight).toBe(1);
      const down = inLane(await rows(), 'C-DOWN');
      expect(down.filter((r) => r.state === 'done' || r.state === 'undeliverable')).toEqual([]);
      expect(down.filter((r) => r.lastError === 'http_503').length).toBeGreaterThanOrEqual(1);
      expect(fake.postsTo('C-UP')).toHaveLength(1);
    });

    timed('a rate-limited post is not retried before Retry-After', async () => {
      let limitedAt = 0;
      fake.on.post = (address: string) => {
        if (address === 'C-LIMIT' && limitedAt === 0) {
          limitedAt = Date.now();
          throw retryable('ratelimited', 600);
        }
      };
      await enqueue([toChannel('C-LIMIT', 'first'), toChannel('C-LIMIT', 'second')]);
      start();

      const all = await waitForRows((r) => inLane(r, 'C-LIMIT').every((x) => x.state === 'done'), 3_000);
      const calls = fake.callsOf('post', 'C-LIMIT');
      expect(calls.length).toBe(3);
      for (const later of calls.slice(1)) expect(later.at - limitedAt).toBeGreaterThanOrEqual(600);
      expect(fake.postsTo('C-LIMIT')).toHaveLength(2);
      expect(all.map((r) => r.attempts).sort()).toEqual([1, 2]);
    });

    test('a permanent refusal is undeliverable with its fix, not retried, and admins hear once per problem and hour', async () => {
      fake.on.post = (address: string) => {
        if (address === 'C-BROKEN')
          throw new DeliveryError({ code: 'not_in_channel', permanent: true, fix: 'Invite the bot to C-BROKEN.' });
        if (address === 'C-GONE')
          throw new DeliveryError({ code: 'channel_not_found', permanent: true, fix: 'Check the channel.' });
      };
      await enqueue([toChannel('C-BROKEN', 'a1'), toChannel('C-BROKEN', 'a2'), toChannel('C-BROKEN', 'a3')]);
      start();

      let all = await waitForRows(
        (r) =>
          inLane(r, 'C-BROKEN').every((x) => x.state === 'undeliverable') && alerts(r).some((a) => a.state === 'done'),
      );
      for (const row of inLane(all, 'C-BROKEN'))
        expect(row).toMatchObject({
          state: 'undeliverable',
          lastError: 'not_in_channel',
          fix: 'Invite the bot to C-BROKEN.',
          attempts: 1,
        });
      expect(fake.callsOf('post', 'C-BROKEN')).toHaveLength(3);
      expect(alerts(all)).toHaveLength(1);
      expect(alerts(all)[0]).toMatchObject({
        recipient: { kind: 'person', ref: PEOPLE.admin },
        message: {
          view: 'notice',
          notice: {
            type: 'delivery_problem',
            where: 'C-BROKEN',
            code: 'not_in_channel',
            fix: 'Invite the bot to C-BROKEN.',
          },
        },
      });
      expect(fake.postsTo('D-UADMIN')).toHaveLength(1);
      expect(JSON.stringify(fake.postsTo('D-UADMIN')[0]!.view)).toContain('Fix: Invite the bot to C-BROKEN.');

      await enqueue([toChannel('C-BROKEN', 'a4'), toChannel('C-GONE', 'g1'), toChannel('C-BROKEN', 'a5')]);
      all = await waitForRows(
        (r) =>
          r.filter((x) => x.state === 'undeliverable').length === 6 &&
          alerts(r).length === 2 &&
          alerts(r).every((a) => a.state === 'done'),
      );
      await sleep(150);
      all = await rows();
      expect(
        alerts(all)
          .map((a) =>
            a.message.view === 'notice' && a.message.notice.type === 'delivery_problem' ? a.message.notice.where : '',
          )
          .sort(),
      ).toEqual(['C-BROKEN', 'C-GONE']);
      expect(fake.postsTo('D-UADMIN')).toHaveLength(2);

      offsetMs += 60 * 60 * 1000;
      await enqueue([toChannel('C-BROKEN', 'a6')]);
      all = await waitForRows((r) => alerts(r).length === 3 && alerts(r).every((a) => a.state === 'done'));
      expect(fake.postsTo('D-UADMIN')).toHaveLength(3);
    });

    test('someone unknown on every platform is undeliverable, and admins hear who it was', async () => {
      await enqueue([toPerson('nobody@example.com', 'app-1'), toPerson('nobody@example.com', 'app-2')]);
      start();
      const all = await waitForRows(
        (r) => alerts(r).some((a) => a.state === 'done') && r.filter((x) => x.state === 'undeliverable').length === 2,
      );
      await sleep(100);
      expect(
        all
          .filter((r) => r.state === 'undeliverable')
          .every((r) => r.lastError === 'person_unknown' && /check the email/i.test(r.fix ?? '')),
      ).toBe(true);
      expect(alerts(await rows())).toHaveLength(1);
      expect(alerts(all)[0]!.message).toMatchObject({
        view: 'notice',
        notice: { type: 'person_unreachable', ref: 'nobody@example.com' },
      });
      expect(fake.callsOf('post').map((c) => c.args[0])).toEqual(['D-UADMIN']);
    });

    test('an admin notice for an admin unknown here is undeliverable with a fix for the admin role, and alerts nobody', async () => {
      policy = { ...policy, roles: { ...policy.roles, admin: { ...policy.roles.admin!, members: ['teams:TADMIN'] } } };
      try {
        await enqueue([
          {
            recipient: { kind: 'person', ref: 'teams:TADMIN' },
            message: { view: 'notice', notice: { type: 'role_unheld', appId: 'app-1', role: 'security' } },
          },
        ]);
        start();
        const all = await waitForRows((r) => r.some((x) => x.state === 'undeliverable'));
        await sleep(100);
        expect(all.find((r) => r.state === 'undeliverable')).toMatchObject({
          lastError: 'person_unknown',
          fix: expect.stringMatching(
            /^The admin teams:TADMIN is not known on slack: in policies\/roles\.yaml list admins under roles\.admin\.members/,
          ),
        });
        expect(alerts(await rows())).toEqual([]);
        expect(fake.callsOf('post')).toEqual([]);
      } finally {
        policy = await loadTestPolicy();
      }
    });

    timed('retries stop after maxAttempts; the row is undeliverable and admins are told', async () => {
      fake.on.post = (address: string) => {
        if (address === 'C-FLAKY') throw retryable('http_503');
      };
      await enqueue([toChannel('C-FLAKY')]);
      start({ maxAttempts: 3 });

      const all = await waitForRows((r) => inLane(r, 'C-FLAKY')[0]?.state === 'undeliverable');
      await sleep(300);
      expect(fake.callsOf('post', 'C-FLAKY')).toHaveLength(3);
      expect(inLane(all, 'C-FLAKY')[0]).toMatchObject({
        attempts: 3,
        lastError: 'http_503',
        fix: expect.stringMatching(/^Gave up after 3 attempts \(last: http_503\)/),
      });
      await waitForRows((r) => alerts(r).length === 1);
    });

    timed('retries stop after maxAttempts also when the platform fails before the post', async () => {
      fake.on.directAddress = (userId: string) => {
        if (userId === 'UFLAKY') throw retryable('http_503');
      };
      fake.learn({ ref: 'slack:UFLAKY', displayName: 'Flo Flaky', active: true });
      await enqueue([toPerson('slack:UFLAKY')]);
      start({ maxAttempts: 3 });

      const all = await waitForRows(
        (r) => r.find((x) => x.lane === 'person:slack:uflaky')?.state === 'undeliverable',
        3_000,
      );
      await sleep(300);
      expect(fake.callsOf('directAddress', 'UFLAKY')).toHaveLength(3);
      expect(all.find((x) => x.lane === 'person:slack:uflaky')).toMatchObject({
        attempts: 3,
        lastError: 'http_503',
        fix: expect.stringMatching(/^Gave up after 3 attempts/),
      });
    });

    test('a failure before the post keeps the mark of an earlier send that may have gone out', async () => {
      let failures = 0;
      fake.on.directAddress = (userId: string) => {
        if (userId === 'UOWNER' && failures++ === 0) throw retryable('http_503');
      };
      await enqueue([toPerson(PEOPLE.owner)]);
      const [row] = await registry.outbox.claim({
        owner: 'crashed',
        now: iso(),
        leaseUntil: iso(60_000),
        limit: 1,
        skipLanes: [],
      });
      await registry.outbox.startSend(row!.id, 'crashed', iso(-10), iso(-1));
      const earlier = { platform: 'slack' as const, address: 'D-UOWNER', id: 'earlier-1' };
      fake.alreadySent.set(row!.id, earlier);
      start();

      const [done] = await waitForRows((r) => r[0]?.state === 'done');
      expect(fake.callsOf('directAddress', 'UOWNER')).toHaveLength(2);
      expect(fake.posted).toEqual([]);
      expect(done).toMatchObject({ ref: earlier, attempts: 2 });
    });

    test('stop waits for the send in flight and hands back the rows it held', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      fake.on.post = (address: string) => (address === 'C-SLOW' ? gate : undefined);
      await enqueue([toChannel('C-SLOW', 's1')], -3);
      await enqueue([toChannel('C-SLOW', 's2')], -2);
      await enqueue([toChannel('C-SLOW', 's3')], -1);
      start();
      await waitFor(() => fake.callsOf('post', 'C-SLOW').length === 1);
      expect((await counts()).sending).toBe(3);

      let stopped = false;
      const stopping = worker!.stop(5_000).then(() => (stopped = true));
      await sleep(150);
      expect(stopped).toBe(false);
      release();
      await stopping;

      const all = await rows();
      const sent = fake.postsTo('C-SLOW');
      expect(sent).toHaveLength(1);
      expect(all.find((r) => r.id === sent[0]!.key)).toMatchObject({ state: 'done', ref: sent[0]!.ref });
      const handedBack = all.filter((r) => r.id !== sent[0]!.key);
      expect(handedBack.map((r) => r.state)).toEqual(['pending', 'pending']);
      expect(handedBack.every((r) => r.attempts === 0 && r.sendStartedAt === undefined)).toBe(true);
      const reclaimed = await registry.outbox.claim({
        owner: 'next',
        now: iso(),
        leaseUntil: iso(60_000),
        limit: 10,
        skipLanes: [],
      });
      expect(reclaimed.map((r) => r.id).sort()).toEqual(handedBack.map((r) => r.id).sort());
      await sleep(100);
      expect(fake.callsOf('post')).toHaveLength(1);
    });

    test('a row whose earlier send may have gone out is looked for first, and not posted twice', async () => {
      await enqueue([toChannel('C-RECOVER', 'landed'), toChannel('C-RECOVER', 'lost')]);
      const crashed = await registry.outbox.claim({
        owner: 'crashed',
        now: iso(),
        leaseUntil: iso(60_000),
        limit: 10,
        skipLanes: [],
      });
      const startedAt = iso(-10);
      for (const row of crashed) await registry.outbox.startSend(row.id, 'crashed', startedAt, iso(-1));
      const landed = crashed.find(
        (r) => r.message.view === 'notice' && 'appId' in r.message.notice && r.message.notice.appId === 'landed',
      )!;
      const lost = crashed.find((r) => r.id !== landed.id)!;
      const earlier = { platform: 'slack' as const, address: 'C-RECOVER', id: 'earlier-1' };
      fake.alreadySent.set(landed.id, earlier);
      start();

      const all = await waitForRows((r) => r.every((x) => x.state === 'done'));
      await sleep(100);
      expect(
        fake
          .callsOf('findSent')
          .map((c) => c.args[1])
          .sort(),
      ).toEqual([landed.id, lost.id].sort());
      for (const c of fake.callsOf('findSent'))
        expect((c.args[2] as Date).getTime()).toBeLessThanOrEqual(Date.parse(startedAt));
      expect(fake.posted.map((p) => p.key)).toEqual([lost.id]);
      expect(all.find((r) => r.id === landed.id)).toMatchObject({ state: 'done', ref: earlier });
      expect(all.find((r) => r.id === lost.id)).toMatchObject({ state: 'done', ref: fake.posted[0]!.ref });
    });

    timed('a post that timed out but landed is found on the next attempt instead of posted again', async () => {
      let calls = 0;
      fake.on.post = async (address: string) => {
        if (address === 'C-SLUGGISH' && ++calls === 1) await sleep(200);
      };
      await enqueue([toChannel('C-SLUGGISH')]);
      start({ sendTimeoutMs: 100, firstRetryMs: 400 });

      const [row] = await waitForRows((r) => r[0]?.state === 'done');
      expect(fake.postsTo('C-SLUGGISH')).toHaveLength(1);
      expect(fake.callsOf('post', 'C-SLUGGISH')).toHaveLength(1);
      expect(fake.callsOf('findSent', 'C-SLUGGISH')).toHaveLength(1);
      expect(row).toMatchObject({ state: 'done', ref: fake.postsTo('C-SLUGGISH')[0]!.ref, attempts: 1 });
    });
  });
}
