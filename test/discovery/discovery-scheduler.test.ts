import type { AskReport } from '../../src/app/discovery/ask-about-discovered';
import { createLogger } from '../../src/log/logger';
import { createDiscoveryScheduler } from '../../src/scheduler/discovery-scheduler';
import { waitFor } from '../support/wait-for';

const report = (asked: number): AskReport => ({
  asked: Array.from({ length: asked }, (_, i) => ({ ref: `zapier:z-${i}`, person: 'slack:UANA' })),
  waiting: 0,
  lookupLater: 0,
  toAdmins: { unknownCreator: 1, notMine: 0, unanswered: 0 },
  admins: 1,
});

test('each tick scans, then asks makers; the round is logged; a failed round is logged and the next tick tries again', async () => {
  const order: string[] = [];
  const lines: string[] = [];
  const scheduler = createDiscoveryScheduler({
    run: async () => {
      order.push('run');
      return [];
    },
    ask: async () => {
      order.push('ask');
      return report(2);
    },
    logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
  });
  scheduler.start();
  await waitFor(() => order.length === 2, 5000);
  await scheduler.stop();
  expect(order).toEqual(['run', 'ask']);
  const logged = lines.map((l) => JSON.parse(l)).find((l) => /asked about discovered items/.test(l.msg));
  expect(logged).toMatchObject({ asked: 2, waiting: 0, toAdmins: 1 });

  const again = createDiscoveryScheduler({
    run: async () => [],
    ask: async () => {
      order.push('ask');
      throw new Error('database away');
    },
    logger: createLogger({ level: 'info', write: (l) => lines.push(l) }),
  });
  again.start();
  await waitFor(() => lines.some((l) => /the discovery run failed/.test(l)), 5000);
  await again.stop();
});
