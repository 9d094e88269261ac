import { loadConfig } from '../../src/config/config';
import type { Runtime } from '../../src/runtime';
import { openRuntime } from '../../src/runtime';
import type { RunningBot } from '../../src/start-bot';
import { startBot } from '../../src/start-bot';
import { silentLogger } from './silent-logger';
import type { TestDatabase } from './test-databases';
import { createTestDatabase } from './test-databases';
import { policyCopy } from './test-policy';

/** The command line, as the actor issuing links in tests. */
export const CLI = { platform: 'cli', userId: 'tester' } as const;

/** A bot on a free port with a clock the test moves, and a runtime beside it (like the CLI) on the same database. */
export async function startSignInBot(dialect: 'sqlite' | 'postgres', extra: Record<string, string> = {}) {
  const db: TestDatabase = await createTestDatabase(dialect);
  const env = {
    PORT: '0',
    POLICY_DIR: policyCopy(),
    DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    REMINDER_SCHEDULE: 'off',
    ...extra,
  };
  const config = loadConfig(env);
  const state = { now: new Date('2026-12-08T09:00:00.000Z') };
  const clock = { now: () => state.now };
  const runtime: Runtime = await openRuntime(config, silentLogger, { clock });
  for (const [ref, email, displayName] of [
    ['slack:UADMIN', 'admin@example.com', 'Ada Admin'],
    ['slack:UNOBODY', 'nobody@example.com', 'Nora Nobody'],
  ] as const)
    await runtime.directory.remember({ ref, email, displayName, active: true });
  const bot: RunningBot = await startBot(config, silentLogger, { clock });
  await bot.checked;
  // The side runtime prints links like the CLI: at the port the bot bound (PORT=0 picks one).
  if (!extra.PUBLIC_URL) runtime.dashboardBase = `http://localhost:${bot.port}`;
  const base = `http://127.0.0.1:${bot.port}`;
  return {
    base,
    state,
    runtime,
    env,
    /** Moves the clock on. */
    advance(ms: number) {
      state.now = new Date(state.now.getTime() + ms);
    },
    /** A link's token, issued at the command line for `email`. */
    async token(email: string) {
      const issued = await runtime.core.issueSignInLink(CLI, email);
      return new URL(issued.url).searchParams.get('token')!;
    },
    async close() {
      await bot.stop();
      await runtime.close();
      await db.drop();
    },
  };
}

/** A bot started by {@link startSignInBot}. */
export type SignInBot = Awaited<ReturnType<typeof startSignInBot>>;
