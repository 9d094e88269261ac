import { generateKeyPairSync } from 'node:crypto';
import { createWriteCheckpoint } from '../../src/app/audit/write-checkpoint';
import { signCheckpoint } from '../../src/domain/checkpoint';
import { createCheckpointScheduler } from '../../src/scheduler/checkpoint-scheduler';
import { createLogger } from '../../src/log/logger';
import { loadTestPolicy } from '../support/test-policy';
import { createTestRegistry } from '../support/test-databases';

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('the bot signs a checkpoint after the policy’s count of new events, or its minutes with any new, and says once when publishing fails', async () => {
  const registry = await createTestRegistry('sqlite');
  const base = await loadTestPolicy();
  const policy = { ...base, audit: { ...base.audit, checkpointEvery: { events: 3, minutes: 10 } } };
  const now = { t: new Date('2026-12-07T10:00:00.000Z') };
  const clock = { now: () => now.t };
  const keys = generateKeyPairSync('ed25519');
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger({ level: 'info', write: (l) => void lines.push(JSON.parse(l)) });
  let publishes = 0;
  const failing = {
    name: 'a broken witness',
    publish: async () => {
      publishes += 1;
      throw new Error('answered 503');
    },
  };
  const writeFailing = createWriteCheckpoint({
    registry,
    clock,
    signer: {
      origin: 'o',
      publicKey: keys.publicKey,
      sign: (size, root) => signCheckpoint({ origin: 'o', size, root }, 'o', keys.privateKey),
    },
    publishers: [failing],
  });
  const scheduler = createCheckpointScheduler({
    registry,
    write: writeFailing,
    policy: () => policy,
    clock,
    logger,
    tickMs: 20,
  });
  const append = (n: number) =>
    registry.transaction(async (tx) => {
      for (let i = 0; i < n; i++)
        await tx.audit.append(
          [
            {
              actor: { platform: 'cli', userId: 't' },
              action: 'test',
              targetType: 'app',
              targetId: 'a',
              outcome: 'success',
            },
          ],
          now.t.toISOString(),
        );
    });
  try {
    scheduler.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(await registry.checkpoints.latest()).toBeUndefined();
    await append(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(await registry.checkpoints.latest()).toMatchObject({ size: 2 });
    await append(2);
    await new Promise((r) => setTimeout(r, 100));
    expect((await registry.checkpoints.latest())!.size).toBe(2);
    await append(1);
    await waitFor(async () => (await registry.checkpoints.latest())!.size === 5, 2000);
    await append(1);
    now.t = new Date('2026-12-07T10:11:00.000Z');
    await waitFor(async () => (await registry.checkpoints.latest())!.size === 6, 2000);
    expect(publishes).toBe(3);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'audit checkpoint: could not publish to a broken witness; it is kept in the database and the next one is published all the same',
    ]);
  } finally {
    await scheduler.stop();
    await registry.close();
  }
});
