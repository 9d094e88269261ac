import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import type { Actor } from '../../src/domain/actor';
import { createLogger } from '../../src/log/logger';
import { startBot } from '../../src/start-bot';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import type { FakeSiemCollector } from '../support/fake-siem-collector';
import { startFakeSiemCollector } from '../support/fake-siem-collector';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

const actor: Actor = { platform: 'cli', userId: 'ops' };

interface SinkHealth {
  sink: string;
  status: string;
  behind: number;
  sentThrough: number;
  lastError?: string;
}

for (const dialect of DIALECTS) {
  test(`on ${dialect}, the running bot forwards the audit log to each sink, and /healthz says how far behind each is and why`, async () => {
    const db = await createTestDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'siem-bot-'));
    const collector: FakeSiemCollector = await startFakeSiemCollector();
    let down = true;
    collector.answer = () => (down ? { status: 503, body: '{"text":"Server is busy"}' } : { status: 200 });
    const lines: string[] = [];
    const config = loadConfig({
      PORT: '0',
      POLICY_DIR,
      DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
      SIEM_FILE: join(dir, 'microapp-audit.jsonl'),
      SIEM_HTTP_URL: `${collector.url}/ingest`,
      SIEM_HTTP_TOKEN: 'collector-token-123',
      SIEM_HTTP_FORMAT: 'json',
    });
    const bot = await startBot(
      config,
      createLogger({ level: 'info', secrets: config.secrets, write: (l) => lines.push(l) }),
      { siem: { idleMs: 20, firstRetryMs: 20, maxRetryMs: 100 } },
    );
    const writer = await createKyselyRegistry(db.target);
    const health = async () =>
      (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as { status: string; siem: SinkHealth[] };
    try {
      await writer.transaction((tx) =>
        tx.audit.append(
          Array.from({ length: 12 }, (_, i) => ({
            actor,
            action: 'test.event',
            targetType: 'policy' as const,
            targetId: `p-${i}`,
            outcome: 'success' as const,
          })),
          new Date().toISOString(),
        ),
      );
      const head = (await writer.audit.head())!.seq;
      await waitFor(() => collector.requests.length >= 2);
      let seen = await health();
      for (let i = 0; i < 100 && seen.siem.find((s) => s.sink === 'file')!.behind > 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await health();
      }
      expect(seen.status).toBe('ok');
      expect(seen.siem).toEqual([
        { sink: 'file', status: 'ok', behind: 0, sentThrough: head, sentAt: expect.any(String) },
        {
          sink: 'http',
          status: 'failing',
          behind: head,
          sentThrough: 0,
          lastError: expect.stringMatching(/^the SIEM at 127\.0\.0\.1:\d+ answered 503/),
          lastErrorAt: expect.any(String),
        },
      ]);
      down = false;
      for (let i = 0; i < 100 && seen.siem.find((s) => s.sink === 'http')!.behind > 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await health();
      }
      expect(seen.siem.find((s) => s.sink === 'http')).toEqual({
        sink: 'http',
        status: 'ok',
        behind: 0,
        sentThrough: head,
        sentAt: expect.any(String),
      });
      const fileLines = readFileSync(join(dir, 'microapp-audit.jsonl'), 'utf8').trim().split('\n');
      expect(fileLines.map((l) => JSON.parse(l).seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    } finally {
      await writer.close();
      await bot.stop();
      await collector.close();
      await db.drop();
    }
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged.find((l) => l.msg === 'microapp-bot is running')).toMatchObject({ siem: 'file, http' });
    expect(logged.filter((l) => String(l.msg).startsWith('SIEM http: audit events could not be sent'))).toHaveLength(1);
    expect(lines.join('')).not.toContain('collector-token-123');
  });
}
