import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

test('microapp audit checkpoint signs and publishes, public-key prints the verifier, audit verify checks the folder; a tampered one exits 1', async () => {
  const db = await createTestDatabase('sqlite');
  const dir = manifestDir({ 'a.yaml': tier1({ name: 'First app' }), 'b.yaml': tier1({ name: 'Second app' }) });
  const folder = join(dir, 'checkpoints');
  const env = {
    POLICY_DIR,
    DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}`,
    AUDIT_CHECKPOINT_DIR: folder,
    AUDIT_LOG_ORIGIN: 'acme.example.com/microapp-audit',
  };
  try {
    expect((await cli(['register', '--file', 'a.yaml'], env, dir)).code).toBe(0);
    const first = await cli(['audit', 'checkpoint'], env, dir);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(
      /A new audit signing key was made at .*audit-signing-key\.pem\. Keep a copy apart from the database's backups/,
    );
    expect(first.out).toMatch(
      /^acme\.example\.com\/microapp-audit\n2\n[A-Za-z0-9+/]{43}=\n\n\u2014 acme\.example\.com\/microapp-audit \S+\n$/,
    );
    expect((await cli(['register', '--file', 'b.yaml'], env, dir)).code).toBe(0);
    const second = await cli(['audit', 'checkpoint'], env, dir);
    expect(second.err).toBe('');
    expect(readdirSync(folder)).toEqual(['000000000002.checkpoint', '000000000004.checkpoint']);
    const key = await cli(['audit', 'public-key'], env, dir);
    expect(key.out).toMatch(
      /^acme\.example\.com\/microapp-audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n\n-----BEGIN PUBLIC KEY-----/,
    );

    const held = await cli(['audit', 'verify', '--from-dir', 'checkpoints'], env, dir);
    expect(held).toMatchObject({ code: 0 });
    expect(held.out).toMatch(/All 2 checkpoints hold against the 4 events in the log\./);
    const withKey = await cli(
      [
        'audit',
        'verify',
        '--checkpoint',
        'checkpoints/000000000002.checkpoint',
        '--public-key',
        key.out.split('\n')[0]!,
      ],
      env,
      dir,
    );
    expect(withKey.out).toMatch(/Checkpoint checkpoints\/000000000002.checkpoint \(2 events\) holds\./);

    const file = join(folder, '000000000004.checkpoint');
    writeFileSync(file, readFileSync(file, 'utf8').replace('\n4\n', '\n3\n'));
    const broken = await cli(['audit', 'verify', '--from-dir', 'checkpoints'], env, dir);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(
      /000000000004\.checkpoint FAILS: cannot be trusted: its signature does not match its text/,
    );
    expect(await cli(['audit', 'verify', '--checkpoint', 'nowhere.checkpoint'], env, dir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('Cannot read the checkpoint nowhere.checkpoint'),
    });
    expect(await cli(['audit', 'verify', '--from-dir', 'checkpoints', '--public-key', 'junk'], env, dir)).toMatchObject(
      { code: 2, err: expect.stringContaining('--public-key is neither a verifier key') },
    );
  } finally {
    await db.drop();
  }
});
