import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/log/logger';
import { startBot } from '../../src/start-bot';
import { startFakeOidcIssuer } from '../support/fake-oidc-issuer';
import { tier1 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

test('with CI_OIDC_AUDIENCE set, the running bot takes GitHub Actions tokens at the gate, each once', async () => {
  const db = await createTestDatabase('sqlite');
  const issuer = await startFakeOidcIssuer();
  const config = loadConfig({
    PORT: '0',
    POLICY_DIR,
    DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    CI_OIDC_AUDIENCE: 'https://microapp.example.com',
    GITHUB_OIDC_ISSUER: issuer.url,
  });
  const bot = await startBot(config, createLogger({ level: 'error', write: () => undefined }));
  try {
    const token = await issuer.sign(
      {
        aud: 'https://microapp.example.com',
        sub: 'repo:acme/notes:ref:refs/heads/main',
        repository: 'acme/notes',
        repository_owner_id: '7',
      },
      { at: new Date() },
    );
    const ask = () =>
      fetch(`http://127.0.0.1:${bot.port}/api/v1/gate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          manifest: tier1({ repository: 'https://github.com/acme/notes', repositoryOwnerId: '7' }),
        }),
      });
    const first = await ask();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ result: 'fail', findings: [{ code: 'not_registered' }] });
    const replay = await ask();
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { detail: string }).detail).toMatch(/was used before/);
  } finally {
    await bot.stop();
    await issuer.close();
  }
});
