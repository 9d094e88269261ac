import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/log/logger';
import { startBot } from '../../src/start-bot';
import { CHANNELS } from '../support/fake-slack';
import type { Fill, SlackHarness } from '../support/slack-harness';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

/** One sample of the text format: `name{label="value",…} number` (numbers as Go parses them: NaN and Inf in any case). */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|nan|[+-]?inf))$/i;

/** Parses Prometheus text exposition strictly: every line is a HELP, a TYPE or a sample of a declared metric. Returns samples as `name{labels}` → value. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        typed.add(meta[2]!);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const family = m[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!typed.has(m[1]!) && !typed.has(family)) throw new Error(`sample of an undeclared metric: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

describe('GET /metrics on a bot talking to Slack', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(() => h.close());

  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${h.port()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  };
  const tier2: Record<string, Fill> = {
    purpose: 'Routes the support inbox to the right person.',
    audience: 'team',
    data: ['internal'],
    expectedUsers: 12,
    businessUnit: 'Operations',
    backupOwner: 'UPLATFORM',
    decommissionPlan: 'Turn it off and delete the sheet.',
    controls: ['logging', 'rollback'],
  };

  test('parses as Prometheus text, and its counters and gauges move after a registration and a decision', async () => {
    const before = await scrape();
    expect(before.get('process_cpu_user_seconds_total')).toEqual(expect.any(Number));
    expect(before.get('nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
    expect(before.get('microapp_outbox_messages{state="pending"}')).toBe(0);
    expect(before.get('microapp_undeliverable_messages')).toBe(0);
    expect(before.get('microapp_outbox_oldest_waiting_seconds')).toBe(0);
    expect(before.get('microapp_reminders_due')).toBe(0);
    expect(before.get('microapp_reminders_oldest_due_seconds')).toBe(0);

    expect((await h.register('UOWNER', { ...tier2, name: 'Metered router' })).answer).toEqual({ kind: 'closed' });
    await waitFor(() =>
      h.slack
        .callsTo('chat.postMessage')
        .some(
          (c) => c.args.channel === CHANNELS['microapp-reviews'] && JSON.stringify(c.args).includes('Metered router'),
        ),
    );
    const card = h.slack
      .callsTo('chat.postMessage')
      .find(
        (c) => c.args.channel === CHANNELS['microapp-reviews'] && JSON.stringify(c.args).includes('Metered router'),
      )!;
    const approve = (card.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'microapp.review.approve')!;
    expect((await h.interact(buttonClick('UOWNER', approve.action_id, approve.value))).status).toBe(200);
    expect((await h.interact(buttonClick('UREVIEWER', approve.action_id, approve.value))).status).toBe(200);

    let after = await scrape();
    for (
      const end = Date.now() + 10_000;
      after.get('microapp_decisions_total{outcome="approved"}') !== 1 && Date.now() < end;
      after = await scrape()
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(after.get('microapp_registrations_total{tier="2",decision="review"}')).toBe(1);
    expect(
      after.get('microapp_refusals_total{reason="review.own_app"}') ??
        after.get('microapp_refusals_total{reason="review.own_submission"}'),
    ).toBe(1);
    expect(after.get('microapp_apps{status="approved",tier="2"}')).toBe(1);
    expect(after.get('microapp_deliveries_total{outcome="sent"}')).toBeGreaterThanOrEqual(1);
    expect(after.get('microapp_ack_seconds_count{platform="slack"}')).toBeGreaterThanOrEqual(5);
    expect(after.get('microapp_ack_seconds_bucket{le="3",platform="slack"}')).toBe(
      after.get('microapp_ack_seconds_count{platform="slack"}'),
    );
  });
});

test('with METRICS_TOKEN, /metrics answers only the bearer of the token', async () => {
  const db = await createTestDatabase('sqlite');
  const token = 'metrics-token-0123456789abcdef';
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    POLICY_DIR,
    DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}`,
    METRICS_TOKEN: token,
  });
  const bot = await startBot(config, createLogger({ level: 'error', write: () => undefined }));
  try {
    const url = `http://127.0.0.1:${bot.port}/metrics`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(parsePrometheus(await ok.text()).has('microapp_outbox_messages{state="done"}')).toBe(true);
  } finally {
    await bot.stop();
    await db.drop();
  }
});
