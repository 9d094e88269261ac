import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inclusionRanges, verifyInclusion } from '../../src/domain/merkle-proofs';
import { openDatabase } from '../../src/store/open-database';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { rewrite } from '../support/rewrite-audit';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

for (const dialect of DIALECTS) {
  test(`on ${dialect}: audit prove prints an inclusion proof anyone can check, verify checks consistency, and a rewritten event fails both`, async () => {
    const db = await createTestDatabase(dialect);
    const dir = manifestDir({
      'a.yaml': tier1({ name: 'First app' }),
      'b.yaml': tier1({ name: 'Second app' }),
      'c.yaml': tier1({ name: 'Third app' }),
    });
    const env = {
      POLICY_DIR,
      DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
      AUDIT_CHECKPOINT_DIR: join(dir, 'published'),
      AUDIT_LOG_ORIGIN: 'acme.example.com/microapp-audit',
      AUDIT_SIGNING_KEY_FILE: join(dir, 'key.pem'),
    };
    const raw = openDatabase(db.target);
    try {
      writeFileSync(
        env.AUDIT_SIGNING_KEY_FILE,
        generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      );
      expect((await cli(['register', '--file', 'a.yaml'], env, dir)).code).toBe(0);
      const first = await cli(['audit', 'checkpoint'], env, dir);
      const firstSize = Number(first.out.split('\n')[1]);
      for (const f of ['b.yaml', 'c.yaml']) expect((await cli(['register', '--file', f], env, dir)).code).toBe(0);
      const second = await cli(['audit', 'checkpoint'], env, dir);
      const secondSize = Number(second.out.split('\n')[1]);
      expect(secondSize).toBeGreaterThan(firstSize + 1);
      copyFileSync(join(dir, 'published', `${String(firstSize).padStart(12, '0')}.checkpoint`), join(dir, 'first.cp'));
      copyFileSync(
        join(dir, 'published', `${String(secondSize).padStart(12, '0')}.checkpoint`),
        join(dir, 'second.cp'),
      );

      const verified = await cli(['audit', 'verify', '--from-dir', 'published'], env, dir);
      expect(verified.code).toBe(0);
      expect(verified.out).toContain('Each checkpoint extends the one before it: 1 RFC 6962 consistency proof checks.');

      const index = secondSize - 2;
      const proved = await cli(['audit', 'prove', '--event', String(index + 1), '--checkpoint', 'second.cp'], env, dir);
      expect(proved.code).toBe(0);
      const lines = proved.out.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        new RegExp(
          `^Event ${index + 1} \\(\\S+, \\w+ \\S+, .+ UTC, id ([0-9a-f-]{36})\\) is in the log as second.cp signed it \\(${secondSize} events\\)\\.$`,
        ),
      );
      const leaf = Buffer.from(/: ([0-9a-f]{64})$/.exec(lines[1]!)![1]!, 'hex');
      const root = Buffer.from(second.out.split('\n')[2]!, 'base64');
      const path = lines.slice(4).map((l) => Buffer.from(l.trim(), 'hex'));
      expect(path).toHaveLength(inclusionRanges(index, secondSize).length);
      expect(verifyInclusion(index, secondSize, leaf, path, root)).toBe(true);
      expect(verifyInclusion(index, secondSize, leaf, path, Buffer.alloc(32))).toBe(false);

      const id = /id ([0-9a-f-]{36})\)/.exec(lines[0]!)![1]!;
      expect((await cli(['audit', 'prove', '--event', id, '--checkpoint', 'second.cp'], env, dir)).out).toBe(
        proved.out,
      );
      expect(
        await cli(['audit', 'prove', '--event', String(secondSize), '--checkpoint', 'first.cp'], env, dir),
      ).toMatchObject({
        code: 2,
        err: expect.stringContaining(`was written after first.cp was signed (it covers events 1 to ${firstSize})`),
      });
      expect(await cli(['audit', 'prove', '--event', '99999', '--checkpoint', 'first.cp'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringContaining('The audit log has no event 99999'),
      });
      expect(await cli(['audit', 'prove', '--event', 'latest', '--checkpoint', 'first.cp'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringContaining('--event takes an audit event'),
      });

      await rewrite(raw, 2);
      expect(
        await cli(['audit', 'prove', '--event', String(index + 1), '--checkpoint', 'second.cp'], env, dir),
      ).toMatchObject({
        code: 1,
        out: expect.stringContaining(`is NOT in the log as second.cp signed it`),
      });
      const broken = await cli(['audit', 'verify', '--from-dir', 'published'], env, dir);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(
        `The checkpoint of ${secondSize} events does NOT extend the one of ${firstSize} events`,
      );
    } finally {
      await raw.destroy();
      await db.drop();
    }
  });
}
