import { generateKeyPairSync } from 'node:crypto';
import { createWriteCheckpoint } from '../../src/app/audit/write-checkpoint';
import { signCheckpoint } from '../../src/domain/checkpoint';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

const keys = generateKeyPairSync('ed25519');
const signer = {
  origin: 'o',
  publicKey: keys.publicKey,
  sign: (size: number, root: Buffer) => signCheckpoint({ origin: 'o', size, root }, 'o', keys.privateKey),
};
const channels = [
  { platform: 'slack' as const, channel: '#audit' },
  { platform: 'teams' as const, channel: 'Audit' },
];

for (const dialect of DIALECTS) {
  test(`on ${dialect}, a new checkpoint queues one message per checkpoint channel on a connected platform, with it, and never again`, async () => {
    const registry = await createTestRegistry(dialect);
    try {
      const append = () =>
        registry.transaction((tx) =>
          tx.audit.append(
            [
              {
                actor: { platform: 'cli', userId: 't' },
                action: 'test',
                targetType: 'app',
                targetId: 'a',
                outcome: 'success',
              },
            ],
            new Date().toISOString(),
          ),
        );
      const write = createWriteCheckpoint({
        registry,
        signer,
        clock: { now: () => new Date() },
        publishers: [],
        policy: () => ({ audit: { checkpointEvery: { events: 1, minutes: 1 }, checkpointChannels: channels } }),
        platforms: ['slack'],
      });
      const queued = async () =>
        (await registry.outbox.list({ states: ['pending'], limit: 10 })).map((r) => [r.recipient, r.message]);
      await append();
      await append();
      expect(await write()).toMatchObject({ written: true, queued: 1, checkpoint: { size: 2 } });
      expect(await queued()).toEqual([
        [
          { kind: 'channel', platform: 'slack', channel: '#audit' },
          { view: 'audit_checkpoint', size: 2 },
        ],
      ]);
      expect(await write({ force: true })).toMatchObject({ written: false, queued: 0 });
      expect(await registry.checkpoints.add((await registry.checkpoints.latest())!, [])).toBe(false);
      await append();
      expect(await write()).toMatchObject({ written: true, queued: 1, checkpoint: { size: 3 } });
      expect((await queued()).map(([, m]) => m)).toEqual([
        { view: 'audit_checkpoint', size: 3 },
        { view: 'audit_checkpoint', size: 2 },
      ]);
      expect((await registry.checkpoints.find(2))?.note).toMatch(/^o\n2\n/);
      expect(await registry.checkpoints.find(7)).toBeUndefined();
    } finally {
      await registry.close();
    }
  });
}
