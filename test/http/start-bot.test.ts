import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/log/logger';
import { startBot } from '../../src/start-bot';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

for (const dialect of DIALECTS) {
  test(`the bot serves /healthz over HTTP on ${dialect} and stops cleanly`, async () => {
    const db = await createTestDatabase(dialect);
    const lines: string[] = [];
    const config = loadConfig({
      PORT: '0',
      POLICY_DIR,
      DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    });
    const bot = await startBot(
      config,
      createLogger({ level: 'info', secrets: config.secrets, write: (l) => lines.push(l) }),
    );
    try {
      await bot.checked;
      const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ok',
        database: { dialect, status: 'ok' },
        policyVersion: bot.policyVersion,
        uptimeSeconds: expect.any(Number),
        scheduler: expect.objectContaining({
          schedule: '*/5 * * * *',
          nextTickAt: expect.stringMatching(/:[0-5][05]:00\.000Z$/),
          due: 0,
        }),
      });
      expect((await fetch(`http://127.0.0.1:${bot.port}/nope`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`, { method: 'POST' })).status).toBe(405);
    } finally {
      await bot.stop();
      await db.drop();
    }
    const started = JSON.parse(lines.find((l) => l.includes('is running'))!);
    expect(started).toMatchObject({ level: 'info', port: bot.port, policyVersion: bot.policyVersion });
    expect(lines.join('')).not.toMatch(/postgres:postgres@/);
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        check: 'roles',
        subject: 'security',
        msg: expect.stringMatching(
          /^doctor: The role "security" has no members, and tier 3 approvals need it: .* Fix: Add members in \S*policies\/roles\.yaml under roles\.security\.members/,
        ),
      }),
    );
    // Five role findings and two Teams routes without a channel; the skipped Slack destinations are one info line, not findings.
    expect(logged.filter((l) => String(l.msg).startsWith('doctor:')).length).toBe(7);
    expect(logged.filter((l) => l.level === 'warn' && !String(l.msg).startsWith('doctor:'))).toEqual([]);
    expect(logged.findIndex((l) => String(l.msg).startsWith('doctor:'))).toBeGreaterThan(
      logged.findIndex((l) => l.msg === 'microapp-bot is running'),
    );
    await expect(fetch(`http://127.0.0.1:${bot.port}/healthz`)).rejects.toThrow();
  });
}

test('a bad policy stops start-up with every problem listed', async () => {
  const db = await createTestDatabase('sqlite');
  const file = db.target.kind === 'sqlite' ? db.target.file : '';
  const config = loadConfig({ PORT: '0', POLICY_DIR: '/nonexistent/policies', DATABASE_URL: `sqlite:${file}` });
  await expect(startBot(config, createLogger({ level: 'error', write: () => undefined }))).rejects.toMatchObject({
    code: 'policy.invalid',
    details: {
      problems: expect.arrayContaining([
        expect.stringMatching(/policy\.yaml: file is missing/),
        expect.stringMatching(/no rule files/),
      ]),
    },
  });
  await db.drop();
});
