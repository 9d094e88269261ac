import { generateKeyPairSync } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createVerifyCheckpoints } from '../../src/app/audit/verify-checkpoints';
import { createWriteCheckpoint } from '../../src/app/audit/write-checkpoint';
import type { Actor } from '../../src/domain/actor';
import { signCheckpoint } from '../../src/domain/checkpoint';
import type { AuditSigner, CheckpointPublisher } from '../../src/ports/audit-signer';
import { verifyAudit } from '../../src/app/queries/verify-audit';
import { openDatabase } from '../../src/store/open-database';
import type { Tables } from '../../src/store/tables';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { rewrite } from '../support/rewrite-audit';

const actor: Actor = { platform: 'cli', userId: 'auditor' };
const ORIGIN = 'microapp.example.com/audit';
const keys = generateKeyPairSync('ed25519');
const signer: AuditSigner = {
  origin: ORIGIN,
  publicKey: keys.publicKey,
  sign: (size, root) => signCheckpoint({ origin: ORIGIN, size, root }, ORIGIN, keys.privateKey),
};
const key = { name: ORIGIN, publicKey: keys.publicKey, origin: ORIGIN };

type TestRegistry = Awaited<ReturnType<typeof createTestRegistry>>;

async function append(registry: TestRegistry, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++)
    await registry.transaction((tx) =>
      tx.audit.append(
        [
          {
            actor,
            action: 'test.event',
            targetType: 'app',
            targetId: `app-${i}`,
            outcome: 'success',
            details: { n: i },
          },
        ],
        `2026-12-07T10:00:${String(i).padStart(2, '0')}.000Z`,
      ),
    );
}

for (const dialect of DIALECTS) {
  describe(`signed audit checkpoints on ${dialect}`, () => {
    let registry: TestRegistry;
    let raw: Kysely<Tables>;
    const published: { size: number; note: string }[] = [];
    const folder: CheckpointPublisher = {
      name: 'a test folder',
      publish: async (note, size) => void published.push({ size, note }),
    };
    const write = () =>
      createWriteCheckpoint({ registry, signer, clock: { now: () => new Date() }, publishers: [folder] })();
    const verify = () =>
      createVerifyCheckpoints({ registry })(
        published.map((p) => ({ source: `${p.size}.checkpoint`, text: p.note })),
        key,
      );
    beforeEach(async () => {
      published.length = 0;
      registry = await createTestRegistry(dialect);
      raw = openDatabase(registry.target);
      await append(registry, 1, 5);
      expect((await write()).checkpoint.size).toBe(5);
      await append(registry, 6, 9);
      expect(await write()).toMatchObject({ written: true, checkpoint: { size: 9 }, published: ['a test folder'] });
      expect(await write()).toMatchObject({ written: false, checkpoint: { size: 9 } });
      await append(registry, 10, 12);
    });
    afterEach(async () => {
      await raw.destroy();
      await registry.close();
    });

    test('an honest log, grown since, holds against every checkpoint', async () => {
      expect(await verify()).toEqual({
        ok: true,
        logSize: 12,
        verdicts: [
          { source: '5.checkpoint', size: 5, ok: true },
          { source: '9.checkpoint', size: 9, ok: true },
        ],
        consistency: [{ from: 5, to: 9, hashes: 5, ok: true }],
      });
    });

    test('an event rewritten with every later hash and the head recomputed passes the chain but not the checkpoints', async () => {
      await rewrite(raw, 7);
      expect(await verifyAudit(registry)).toMatchObject({ ok: true, count: 12 });
      const verdict = await verify();
      expect(verdict.ok).toBe(false);
      expect(verdict.verdicts).toEqual([
        { source: '5.checkpoint', size: 5, ok: true },
        {
          source: '9.checkpoint',
          size: 9,
          ok: false,
          problem: expect.stringContaining('an event between number 6 and 9 was changed'),
        },
      ]);
    });

    test('the newest events deleted with the head moved back are found', async () => {
      const seq = (await raw.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq').execute())[7]!;
      await raw.deleteFrom('audit_event').where('seq', '>', seq.seq).execute();
      await raw.updateTable('audit_head').set({ seq: seq.seq, hash: seq.hash }).where('id', '=', 1).execute();
      expect(await verifyAudit(registry)).toMatchObject({ ok: true, count: 8 });
      expect((await verify()).verdicts[1]).toMatchObject({
        ok: false,
        problem: expect.stringContaining('the log holds only 8'),
      });
    });

    test('an edited checkpoint, one signed by another key and one of another log say why', async () => {
      const other = generateKeyPairSync('ed25519');
      published.push(
        { size: 90, note: published[1]!.note.replace('\n9\n', '\n10\n') },
        {
          size: 91,
          note: signCheckpoint({ origin: ORIGIN, size: 9, root: Buffer.alloc(32) }, ORIGIN, other.privateKey),
        },
        {
          size: 92,
          note: signCheckpoint({ origin: 'elsewhere/audit', size: 9, root: Buffer.alloc(32) }, ORIGIN, keys.privateKey),
        },
        {
          size: 93,
          note: signCheckpoint({ origin: ORIGIN, size: 9, root: Buffer.alloc(32) }, ORIGIN, keys.privateKey),
        },
      );
      const problems = (await verify()).verdicts.filter((v) => !v.ok).map((v) => `${v.source}: ${v.problem}`);
      expect(problems).toEqual([
        expect.stringMatching(/^90.checkpoint: cannot be trusted: .*changed after it was signed/),
        expect.stringMatching(/^91.checkpoint: cannot be trusted: it carries no signature by the key/),
        expect.stringMatching(/^92.checkpoint: cannot be trusted: it is a checkpoint of another log/),
        expect.stringMatching(/^93.checkpoint: the first 9 events are not the ones it signed/),
      ]);
    });
  });
}
