import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built bot, as production runs it. */
const MAIN = join(__dirname, '../../dist/src/main.js');

/** How a bot process ended. */
export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `node dist/src/main.js`. */
export interface BotProcess {
  pid: number;
  port: number;
  /** Its stdout (JSON log lines) and stderr lines so far, in order. */
  logs: string[];
  kill(signal: NodeJS.Signals): void;
  exited: Promise<BotExit>;
}

const running = new Set<ChildProcess>();

/**
 * Starts the built bot as a child process configured only by `env` (plus PATH), and resolves once
 * it logs 'microapp-bot is running'. Rejects, with its output, if it exits or stays silent first.
 */
export async function startBotProcess(
  env: Record<string, string>,
  options: { startTimeoutMs?: number } = {},
): Promise<BotProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (\`npm test\` does).`);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const logs: string[] = [];
  const exited = new Promise<BotExit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`the bot did not start within ${options.startTimeoutMs ?? 20_000} ms:\n${logs.join('\n')}`)),
      options.startTimeoutMs ?? 20_000,
    );
    const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        for (const line of parts) onLine(line);
      });
    };
    lines(child.stdout!, (line) => {
      logs.push(line);
      const entry = parseLine(line);
      if (entry?.msg === 'microapp-bot is running') {
        clearTimeout(timer);
        resolve(Number(entry.port));
      }
    });
    lines(child.stderr!, (line) => logs.push(line));
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited (${e.signal ?? e.code}) before it was running:\n${logs.join('\n')}`));
    });
  });
  try {
    return { pid: child.pid!, port: await port, logs, kill: (signal) => void child.kill(signal), exited };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** What a bot process that stopped by itself printed. */
export interface FailedStart extends BotExit {
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs the built bot with `env` until it exits by itself (SIGKILL after `timeoutMs`), for start-up failures. */
export async function runBotUntilExit(env: Record<string, string>, timeoutMs = 40_000): Promise<FailedStart> {
  const started = Date.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await new Promise((resolve) => child.once('close', (...a) => resolve(a)))) as [
    number | null,
    NodeJS.Signals | null,
  ];
  clearTimeout(timer);
  running.delete(child);
  return { code, signal, stdout, stderr, elapsedMs: Date.now() - started };
}

/** SIGKILLs every bot process still running and waits until they are gone; for `afterAll`. */
export async function killBotProcesses(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** A JSON log line as an object, or undefined for anything else. */
export function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The settings of one replica on the PostgreSQL at `url`: its connections carry `name` as their application_name, so a test can find and cut them. */
export function replicaEnv(url: string, name: string, settings: Record<string, string>): Record<string, string> {
  const named = new URL(url);
  named.searchParams.set('application_name', name);
  return { PORT: '0', DATABASE_URL: named.toString(), LOG_LEVEL: 'info', ...settings };
}
