import { connect } from 'node:net';
import { killBotProcesses, startBotProcess } from '../support/bot-process';
import { createTestDatabase } from '../support/test-databases';
import type { TestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('sqlite');
});

afterAll(async () => {
  await killBotProcesses();
  await db?.drop();
});

test('SIGTERM does not wait on a client sending its body a byte a second: the connection is cut at the drain deadline', async () => {
  const bot = await startBotProcess({
    PORT: '0',
    POLICY_DIR,
    DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}`,
    LOG_LEVEL: 'info',
  });
  const socket = connect(bot.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  socket.write(
    'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{',
  );
  const drip = setInterval(() => socket.writable && socket.write(' '), 1000);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stopping = Date.now();
    bot.kill('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopping).toBeLessThan(12_000);
    expect(bot.logs.some((l) => l.includes('cut off'))).toBe(true);
  } finally {
    clearInterval(drip);
    socket.destroy();
  }
}, 30_000);
