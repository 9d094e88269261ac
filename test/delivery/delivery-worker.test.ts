import { DeliveryError } from '../../src/ports/delivery-error';
import { DIALECTS } from '../support/test-databases';
import { PEOPLE } from '../support/test-policy';
import { waitFor } from '../support/wait-for';
import { alerts, deliveryWorkerFixture, inLane, retryable, sleep, toChannel, toPerson } from './worker-fixture';

for (const dialect of DIALECTS) {
  describe(`delivery worker on ${dialect}`, () => {
    const w = deliveryWorkerFixture(dialect);
    /** Behaviour bound to timing lives in the worker, not the database: it runs once, on SQLite. */
    const timed = (name: string, fn: () => Promise<void>) => (dialect === 'sqlite' ? test(name, fn) : undefined);

    test('each message is sent once, rendered with current names, and marked done with its reference', async () => {
      await w.enqueue([toChannel('C-ONE'), toChannel('C-TWO'), toPerson(PEOPLE.owner)]);
      w.start();
      const all = await w.waitForRows((r) => r.filter((x) => x.state === 'done').length === 3);
      await sleep(150);

      expect(w.fake.posted.map((p) => p.address).sort()).toEqual(['C-ONE', 'C-TWO', 'D-UOWNER']);
      for (const row of all) {
        const posts = w.fake.posted.filter((p) => p.key === row.id);
        expect(posts).toHaveLength(1);
        expect(row).toMatchObject({ state: 'done', attempts: 1, ref: posts[0]!.ref });
        expect(row.doneAt).toBeDefined();
        expect(JSON.stringify(posts[0]!.view)).toContain('Olivia Owner decommissioned');
      }
      expect(w.fake.callsOf('findSent')).toEqual([]);
      expect(await w.counts()).toEqual({ pending: 0, sending: 0, done: 3, undeliverable: 0 });
    });

    timed(
      'while requests are being answered, sends wait for a pause, and never longer than yieldMs in a row',
      async () => {
        let busy = true;
        await w.enqueue([toChannel('C-ONE')]);
        w.start({ yieldMs: 1_500 }, () => busy);
        await sleep(300);
        expect(w.fake.posted).toEqual([]);
        const pausedAt = Date.now();
        busy = false;
        await waitFor(() => w.fake.postsTo('C-ONE').length === 1, 1_000);
        expect(w.fake.postsTo('C-ONE')[0]!.at - pausedAt).toBeLessThan(1_000);

        busy = true;
        const queuedAt = Date.now();
        await w.enqueue([toChannel('C-TWO')]);
        w.worker!.wake();
        await waitFor(() => w.fake.postsTo('C-TWO').length === 1, 4_000);
        const waited = w.fake.postsTo('C-TWO')[0]!.at - queuedAt;
        expect(waited).toBeGreaterThanOrEqual(1_400);
        expect(waited).toBeLessThan(3_500);
      },
    );

    timed('a failing channel does not hold up another channel, and is retried later, one send at a time', async () => {
      let inFlight = 0;
      let mostInFlight = 0;
      w.fake.on.post = async (address: string) => {
        if (address !== 'C-DOWN') return;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await sleep(1_000);
        inFlight -= 1;
        throw retryable();
      };
      await w.enqueue(
        Array.from({ length: 25 }, (_, i) => toChannel('C-DOWN', `down-${i}`)),
        -5_000,
      );
      await w.enqueue([toChannel('C-UP')]);
      const startedAt = Date.now();
      w.start();

      await waitFor(() => w.fake.postsTo('C-UP').length === 1, 1_000);
      expect(w.fake.postsTo('C-UP')[0]!.at - startedAt).toBeLessThan(800);
      expect(w.fake.postsTo('C-DOWN')).toEqual([]);

      await waitFor(() => w.fake.callsOf('post', 'C-DOWN').length >= 2, 4_000);
      const [first, second] = w.fake.callsOf('post', 'C-DOWN');
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000 + 40);
      expect(mostInFlight).toBe(1);
      const down = inLane(await w.rows(), 'C-DOWN');
      expect(down.filter((r) => r.state === 'done' || r.state === 'undeliverable')).toEqual([]);
      expect(down.filter((r) => r.lastError === 'http_503').length).toBeGreaterThanOrEqual(1);
      expect(w.fake.postsTo('C-UP')).toHaveLength(1);
    });

    timed('a rate-limited post is not retried before Retry-After', async () => {
      let limitedAt = 0;
      w.fake.on.post = (address: string) => {
        if (address === 'C-LIMIT' && limitedAt === 0) {
          limitedAt = Date.now();
          throw retryable('ratelimited', 600);
        }
      };
      await w.enqueue([toChannel('C-LIMIT', 'first'), toChannel('C-LIMIT', 'second')]);
      w.start();

      const all = await w.waitForRows((r) => inLane(r, 'C-LIMIT').every((x) => x.state === 'done'), 3_000);
      const calls = w.fake.callsOf('post', 'C-LIMIT');
      expect(calls.length).toBe(3);
      for (const later of calls.slice(1)) expect(later.at - limitedAt).toBeGreaterThanOrEqual(600);
      expect(w.fake.postsTo('C-LIMIT')).toHaveLength(2);
      expect(all.map((r) => r.attempts).sort()).toEqual([1, 2]);
    });

    test('a permanent refusal is undeliverable with its fix, not retried, and admins hear once per problem and hour', async () => {
      w.fake.on.post = (address: string) => {
        if (address === 'C-BROKEN')
          throw new DeliveryError({ code: 'not_in_channel', permanent: true, fix: 'Invite the bot to C-BROKEN.' });
        if (address === 'C-GONE')
          throw new DeliveryError({ code: 'channel_not_found', permanent: true, fix: 'Check the channel.' });
      };
      await w.enqueue([toChannel('C-BROKEN', 'a1'), toChannel('C-BROKEN', 'a2'), toChannel('C-BROKEN', 'a3')]);
      w.start();

      let all = await w.waitForRows(
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
      expect(w.fake.callsOf('post', 'C-BROKEN')).toHaveLength(3);
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
      expect(w.fake.postsTo('D-UADMIN')).toHaveLength(1);
      expect(JSON.stringify(w.fake.postsTo('D-UADMIN')[0]!.view)).toContain('Fix: Invite the bot to C-BROKEN.');

      await w.enqueue([toChannel('C-BROKEN', 'a4'), toChannel('C-GONE', 'g1'), toChannel('C-BROKEN', 'a5')]);
      all = await w.waitForRows(
        (r) =>
          r.filter((x) => x.state === 'undeliverable').length === 6 &&
          alerts(r).length === 2 &&
          alerts(r).every((a) => a.state === 'done'),
      );
      await sleep(150);
      all = await w.rows();
      expect(
        alerts(all)
          .map((a) =>
            a.message.view === 'notice' && a.message.notice.type === 'delivery_problem' ? a.message.notice.where : '',
          )
          .sort(),
      ).toEqual(['C-BROKEN', 'C-GONE']);
      expect(w.fake.postsTo('D-UADMIN')).toHaveLength(2);

      w.offsetMs += 60 * 60 * 1000;
      await w.enqueue([toChannel('C-BROKEN', 'a6')]);
      all = await w.waitForRows((r) => alerts(r).length === 3 && alerts(r).every((a) => a.state === 'done'));
      expect(w.fake.postsTo('D-UADMIN')).toHaveLength(3);
    });

    timed('retries stop after maxAttempts; the row is undeliverable and admins are told', async () => {
      w.fake.on.post = (address: string) => {
        if (address === 'C-FLAKY') throw retryable('http_503');
      };
      await w.enqueue([toChannel('C-FLAKY')]);
      w.start({ maxAttempts: 3 });

      const all = await w.waitForRows((r) => inLane(r, 'C-FLAKY')[0]?.state === 'undeliverable');
      await sleep(300);
      expect(w.fake.callsOf('post', 'C-FLAKY')).toHaveLength(3);
      expect(inLane(all, 'C-FLAKY')[0]).toMatchObject({
        attempts: 3,
        lastError: 'http_503',
        fix: expect.stringMatching(/^Gave up after 3 attempts \(last: http_503\)/),
      });
      await w.waitForRows((r) => alerts(r).length === 1);
    });

    timed('retries stop after maxAttempts also when the platform fails before the post', async () => {
      w.fake.on.directAddress = (userId: string) => {
        if (userId === 'UFLAKY') throw retryable('http_503');
      };
      w.fake.learn({ ref: 'slack:UFLAKY', displayName: 'Flo Flaky', active: true });
      await w.enqueue([toPerson('slack:UFLAKY')]);
      w.start({ maxAttempts: 3 });

      const all = await w.waitForRows(
        (r) => r.find((x) => x.lane === 'person:slack:uflaky')?.state === 'undeliverable',
        3_000,
      );
      await sleep(300);
      expect(w.fake.callsOf('directAddress', 'UFLAKY')).toHaveLength(3);
      expect(all.find((x) => x.lane === 'person:slack:uflaky')).toMatchObject({
        attempts: 3,
        lastError: 'http_503',
        fix: expect.stringMatching(/^Gave up after 3 attempts/),
      });
    });

    test('a failure before the post keeps the mark of an earlier send that may have gone out', async () => {
      let failures = 0;
      w.fake.on.directAddress = (userId: string) => {
        if (userId === 'UOWNER' && failures++ === 0) throw retryable('http_503');
      };
      await w.enqueue([toPerson(PEOPLE.owner)]);
      const [row] = (await w.crashedMidSend()).rows;
      const earlier = { platform: 'slack' as const, address: 'D-UOWNER', id: 'earlier-1' };
      w.fake.alreadySent.set(row!.id, earlier);
      w.start();

      const [done] = await w.waitForRows((r) => r[0]?.state === 'done');
      expect(w.fake.callsOf('directAddress', 'UOWNER')).toHaveLength(2);
      expect(w.fake.posted).toEqual([]);
      expect(done).toMatchObject({ ref: earlier, attempts: 2 });
    });

    test('stop waits for the send in flight and hands back the rows it held', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      w.fake.on.post = (address: string) => (address === 'C-SLOW' ? gate : undefined);
      await w.enqueue([toChannel('C-SLOW', 's1')], -3);
      await w.enqueue([toChannel('C-SLOW', 's2')], -2);
      await w.enqueue([toChannel('C-SLOW', 's3')], -1);
      w.start();
      await waitFor(() => w.fake.callsOf('post', 'C-SLOW').length === 1);
      expect((await w.counts()).sending).toBe(3);

      let stopped = false;
      const stopping = w.worker!.stop(5_000).then(() => (stopped = true));
      await sleep(150);
      expect(stopped).toBe(false);
      release();
      await stopping;

      const all = await w.rows();
      const sent = w.fake.postsTo('C-SLOW');
      expect(sent).toHaveLength(1);
      expect(all.find((r) => r.id === sent[0]!.key)).toMatchObject({ state: 'done', ref: sent[0]!.ref });
      const handedBack = all.filter((r) => r.id !== sent[0]!.key);
      expect(handedBack.map((r) => r.state)).toEqual(['pending', 'pending']);
      expect(handedBack.every((r) => r.attempts === 0 && r.sendStartedAt === undefined)).toBe(true);
      const reclaimed = await w.registry.outbox.claim({
        owner: 'next',
        now: w.iso(),
        leaseUntil: w.iso(60_000),
        limit: 10,
        skipLanes: [],
      });
      expect(reclaimed.map((r) => r.id).sort()).toEqual(handedBack.map((r) => r.id).sort());
      await sleep(100);
      expect(w.fake.callsOf('post')).toHaveLength(1);
    });

    test('a row whose earlier send may have gone out is looked for first, and not posted twice', async () => {
      await w.enqueue([toChannel('C-RECOVER', 'landed'), toChannel('C-RECOVER', 'lost')]);
      const { rows: crashed, startedAt } = await w.crashedMidSend();
      const landed = crashed.find(
        (r) => r.message.view === 'notice' && 'appId' in r.message.notice && r.message.notice.appId === 'landed',
      )!;
      const lost = crashed.find((r) => r.id !== landed.id)!;
      const earlier = { platform: 'slack' as const, address: 'C-RECOVER', id: 'earlier-1' };
      w.fake.alreadySent.set(landed.id, earlier);
      w.start();

      const all = await w.waitForRows((r) => r.every((x) => x.state === 'done'));
      await sleep(100);
      expect(
        w.fake
          .callsOf('findSent')
          .map((c) => c.args[1])
          .sort(),
      ).toEqual([landed.id, lost.id].sort());
      for (const c of w.fake.callsOf('findSent'))
        expect((c.args[2] as Date).getTime()).toBeLessThanOrEqual(Date.parse(startedAt));
      expect(w.fake.posted.map((p) => p.key)).toEqual([lost.id]);
      expect(all.find((r) => r.id === landed.id)).toMatchObject({ state: 'done', ref: earlier });
      expect(all.find((r) => r.id === lost.id)).toMatchObject({ state: 'done', ref: w.fake.posted[0]!.ref });
    });

    test('when the platform cannot say whether an earlier send went out, the row waits for the answer and is not posted again', async () => {
      await w.enqueue([toChannel('C-RECOVER', 'landed')]);
      const [crashed] = (await w.crashedMidSend()).rows;
      const earlier = { platform: 'slack' as const, address: 'C-RECOVER', id: 'earlier-1' };
      w.fake.alreadySent.set(crashed!.id, earlier);
      let refusals = 2;
      w.fake.on.findSent = () => {
        if (refusals-- > 0) throw retryable('ratelimited', 50);
      };
      w.start();

      const [row] = await w.waitForRows((r) => r[0]?.state === 'done');
      expect(w.fake.callsOf('findSent')).toHaveLength(3);
      expect(w.fake.posted).toEqual([]);
      expect(row).toMatchObject({ state: 'done', ref: earlier });
    });

    timed(
      'a check that keeps failing for now posts after six attempts: a possible repeat beats a lost message',
      async () => {
        await w.enqueue([toChannel('C-RECOVER', 'unknown')]);
        await w.crashedMidSend();
        w.fake.on.findSent = () => {
          throw retryable('ratelimited');
        };
        w.start();

        const [row] = await w.waitForRows((r) => r[0]?.state === 'done', 5_000);
        expect(w.fake.callsOf('findSent')).toHaveLength(6);
        expect(w.fake.posted).toHaveLength(1);
        expect(row).toMatchObject({ state: 'done', attempts: 7 });
      },
    );

    timed('a post that timed out but landed is found on the next attempt instead of posted again', async () => {
      let calls = 0;
      w.fake.on.post = async (address: string) => {
        if (address === 'C-SLUGGISH' && ++calls === 1) await sleep(200);
      };
      await w.enqueue([toChannel('C-SLUGGISH')]);
      w.start({ sendTimeoutMs: 100, firstRetryMs: 400 });

      const [row] = await w.waitForRows((r) => r[0]?.state === 'done');
      expect(w.fake.postsTo('C-SLUGGISH')).toHaveLength(1);
      expect(w.fake.callsOf('post', 'C-SLUGGISH')).toHaveLength(1);
      expect(w.fake.callsOf('findSent', 'C-SLUGGISH')).toHaveLength(1);
      expect(row).toMatchObject({ state: 'done', ref: w.fake.postsTo('C-SLUGGISH')[0]!.ref, attempts: 1 });
    });
  });
}
