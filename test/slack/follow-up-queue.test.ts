import { createFollowUpQueue } from '../../adapters/slack/follow-up-queue';
import { createLogger } from '../../src/log/logger';
import { waitFor } from '../support/wait-for';

const lines: string[] = [];
const logger = createLogger({ level: 'error', write: (l) => lines.push(l) });
const tick = () => new Promise((r) => setImmediate(r));

test('follow-up work waits while a request is still waiting for its ack', async () => {
  const q = createFollowUpQueue({ logger, maxWaitMs: 10_000 });
  const ran: string[] = [];
  q.requestStarted();
  q.defer(async () => void ran.push('reply'));
  await tick();
  await tick();
  expect(ran).toEqual([]);
  q.requestAnswered();
  await waitFor(() => ran.length === 1);
});

test('nothing waits longer than maxWaitMs, even under constant load', async () => {
  const q = createFollowUpQueue({ logger, maxWaitMs: 30 });
  const ran: string[] = [];
  q.requestStarted();
  q.defer(async () => void ran.push('reply'));
  await waitFor(() => ran.length === 1, 1000);
});

test('at most `concurrency` jobs run at once, and a failing job is logged without stopping the rest', async () => {
  const q = createFollowUpQueue({ logger, concurrency: 2 });
  let running = 0;
  let peak = 0;
  let done = 0;
  const job = (fail: boolean) => async () => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running -= 1;
    done += 1;
    if (fail) throw new Error('boom');
  };
  for (let i = 0; i < 6; i++) q.defer(job(i === 0));
  await waitFor(() => done === 6);
  expect(peak).toBe(2);
  await waitFor(() => lines.some((l) => l.includes('follow-up work failed') && l.includes('boom')));
});
