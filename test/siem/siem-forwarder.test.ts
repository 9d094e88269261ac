import type { ForwardStep } from '../../src/app/audit/forward-audit-events';
import { createLogger } from '../../src/log/logger';
import { backoffMs, createSiemForwarder } from '../../src/scheduler/siem-forwarder';
import { waitFor } from '../support/wait-for';

test('the pause after each failure in a row doubles from the first, up to the cap', () => {
  expect([1, 2, 3, 4, 9, 10, 60].map((n) => backoffMs(n, 1000, 300_000))).toEqual([
    1000, 2000, 4000, 8000, 256_000, 300_000, 300_000,
  ]);
});

test('a failing sink is warned about once, tried again with growing pauses, and its recovery is logged', async () => {
  const lines: string[] = [];
  const calls: number[] = [];
  let failing = 5;
  const forwarder = createSiemForwarder({
    sinks: [
      {
        name: 'syslog',
        step: async (): Promise<ForwardStep> => {
          calls.push(Date.now());
          if (failing-- > 0)
            return { state: 'failed', error: 'syslog at siem:514 could not be reached (ECONNREFUSED)' };
          return { state: 'sent', count: 3, seq: 3, full: false };
        },
      },
    ],
    logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
    idleMs: 1000,
    firstRetryMs: 10,
    maxRetryMs: 40,
  });
  forwarder.start();
  await waitFor(() => calls.length >= 6);
  await forwarder.stop();
  const gaps = calls.slice(1, 6).map((t, i) => t - calls[i]!);
  expect(gaps[0]).toBeGreaterThanOrEqual(9);
  expect(gaps[3]).toBeGreaterThanOrEqual(39);
  expect(gaps[4]).toBeGreaterThanOrEqual(39);
  const logged = lines.map((l) => JSON.parse(l));
  expect(logged.filter((l) => l.level === 'warn')).toEqual([
    expect.objectContaining({
      msg: 'SIEM syslog: audit events could not be sent; they wait in the audit log and are tried again with growing pauses (see /healthz)',
    }),
  ]);
  expect(logged.some((l) => l.msg === 'SIEM syslog: sending again, up to audit event 3')).toBe(true);
});

test('a full batch is followed at once by the next; stop does not wait long for a sink that hangs, and closes every sink', async () => {
  let steps = 0;
  const closed: string[] = [];
  const forwarder = createSiemForwarder({
    sinks: [
      {
        name: 'http',
        step: () => {
          steps++;
          return steps < 50
            ? Promise.resolve<ForwardStep>({ state: 'sent', count: 500, seq: steps * 500, full: true })
            : new Promise<ForwardStep>(() => undefined);
        },
        close: async () => {
          closed.push('http');
        },
      },
    ],
    logger: createLogger({ level: 'error', write: () => undefined }),
    idleMs: 60_000,
    stopWaitMs: 100,
  });
  forwarder.start();
  await waitFor(() => steps >= 50);
  const started = Date.now();
  await forwarder.stop();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(closed).toEqual(['http']);
});
