import type { BotProcess } from './bot-process';

/** Waits (bounded) until a bot process's /healthz reports a reminder sweep that ended after `since`. */
export async function waitForSweepAfter(bot: Pick<BotProcess, 'pid' | 'port'>, since: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const body = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as {
      scheduler?: { lastTickAt?: string };
    };
    if ((body.scheduler?.lastTickAt ?? '') > since) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the bot (pid ${bot.pid}) did not sweep after ${since}`);
}
