import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Registry } from '../../src/ports/registry';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { seedExpiringApps } from '../support/seed-expiring';
import type { SlackHarness } from '../support/slack-harness';
import { startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';
import { weekdayNoonBefore } from '../support/weekday-noon';

const CLI = join(__dirname, '../../dist/src/cli/main.js');
const OWNERS = ['UOWNER', 'UREVIEWER', 'USECURITY', 'UPLATFORM', 'USTRANGER'];
const EXPIRES_AT = '2030-06-18T10:00:00.000Z';

let h: SlackHarness;
let registry: Registry;
beforeAll(async () => {
  h = await startSlackHarness();
  registry = await createKyselyRegistry({ kind: 'sqlite', file: h.env.DATABASE_URL.slice('sqlite:'.length) });
});
afterAll(async () => {
  await registry.close();
  await h.close();
});

/** `microapp reminders run-once --at <at>` in a child process, SIGKILLed after `killAfterMs` unless it ends first. */
function sweepInChild(
  at: string,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'reminders', 'run-once', '--at', at], {
    env: { PATH: process.env.PATH ?? '', ...h.env },
    stdio: 'ignore',
  });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - started });
    }),
  );
}

test('a sweep SIGKILLed at random points, 20 times, then run to the end: every reminder goes out exactly once, none early', async () => {
  await seedExpiringApps(
    registry,
    2000,
    OWNERS.map((u) => `slack:${u}`),
    EXPIRES_AT,
  );
  const early = await sweepInChild(weekdayNoonBefore(EXPIRES_AT, 40));
  expect(early.code).toBe(0);
  expect(await registry.read((tx) => tx.reminders.pending('9999'))).toEqual([]);

  const at = weekdayNoonBefore(EXPIRES_AT, 20);
  const preview = await new Promise<number>((resolve) => {
    const started = Date.now();
    spawn(process.execPath, [CLI, 'reminders', 'preview', '--at', at], {
      env: { PATH: process.env.PATH ?? '', ...h.env },
      stdio: 'ignore',
    }).once('exit', () => resolve(Date.now() - started));
  });
  const killed: number[] = [];
  for (let i = 0; i < 20; i++) {
    const run = await sweepInChild(at, Math.round(preview * (0.1 + Math.random() * 0.7)));
    if (run.signal === 'SIGKILL') killed.push(run.ms);
  }
  expect(killed.length).toBeGreaterThanOrEqual(10);
  expect((await sweepInChild(at)).code).toBe(0);
  expect((await sweepInChild(at)).code).toBe(0);

  const digestsTo = (user: string) =>
    h.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === `D-${user}` && /need your attention/.test(String(c.args.text)));
  await waitFor(() => OWNERS.every((u) => digestsTo(u).length >= 1), 20_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(OWNERS.map((u) => digestsTo(u).length)).toEqual(OWNERS.map(() => 1));
  const rows = (await registry.outbox.list({ states: ['done'], limit: 100 })).filter(
    (r) => r.message.view === 'reminder_digest',
  );
  const items = (
    await Promise.all(
      rows.map((r) =>
        registry.read((tx) => tx.reminders.byDigest(r.message.view === 'reminder_digest' ? r.message.digestId : '')),
      ),
    )
  ).flat();
  expect(items).toHaveLength(2000);
  expect(items.every((r) => r.sends === 1)).toBe(true);
}, 120_000);
