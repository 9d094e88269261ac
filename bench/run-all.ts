/**
 * `npm run bench`: every part in BENCH_PARTS (policy evaluation, secret scan, registration and
 * list latency on SQLite and PostgreSQL, Slack and Teams acknowledgement latency against bare
 * SDK bots, outbox delivery, the reminder sweep), printed as one table; each part's figures are
 * written to bench/results.json under its name. `npm run bench -- --only registration,sweep` runs
 * the named parts and updates only their entries, so the file keeps the latest figures of each part.
 * PostgreSQL parts need an admin connection (BENCH_POSTGRES_URL, default postgres:postgres@127.0.0.1)
 * and are skipped, with a printed line, when none answers. Temp files and databases are removed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { DatabaseTarget } from '../src/store/database-target';
import { DEFAULT_POSTGRES_URL, postgresUnreachable, postgresVersion } from './bench-database';
import type { BenchContext, BenchPart } from './bench-part';
import { BENCH_PARTS } from './bench-parts';
import type { BenchRow } from './bench-row';
import { SIZES, TARGETS } from './bench-sizes';
import { formatTable } from './format-table';
import { elapsedMs } from './time-calls';

/** A bad `npm run bench` argument; its message says what to type instead. */
export class BenchUsageError extends Error {}

/** The parts `--only NAME[,NAME]` names (every part without it), in run order; unknown names are refused. */
export function chooseParts(args: readonly string[], parts: readonly BenchPart[] = BENCH_PARTS): BenchPart[] {
  const known = parts.map((p) => p.name).join(', ');
  const at = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const unknownArg = args.find((_arg, i) => !(i === at || (i === at + 1 && args[at] === '--only')));
  if (unknownArg !== undefined)
    throw new BenchUsageError(`Unknown argument "${unknownArg}": use --only NAME[,NAME] with parts ${known}.`);
  if (at < 0) return [...parts];
  const list = args[at]!.startsWith('--only=') ? args[at]!.slice('--only='.length) : args[at + 1];
  const names = (list ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new BenchUsageError(`--only needs part names, comma-separated: ${known}.`);
  const unknown = names.filter((n) => !parts.some((p) => p.name === n));
  if (unknown.length > 0)
    throw new BenchUsageError(
      `No bench part named ${unknown.map((n) => `"${n}"`).join(', ')}: the parts are ${known}.`,
    );
  return parts.filter((p) => names.includes(p.name));
}

/** Runs the chosen parts, prints the table and merges their figures into bench/results.json. */
export async function runAll(args: readonly string[] = []): Promise<void> {
  const parts = chooseParts(args);
  const root = projectRoot(__dirname);
  const adminUrl = process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL;
  const begin = process.hrtime.bigint();
  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    tmpdir: tmpdir(),
    postgres: undefined as string | undefined,
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `microapp-bot bench: ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, ${machine.platform}; parts: ${parts.map((p) => p.name).join(', ')}`,
  );
  const unreachable = await postgresUnreachable(adminUrl);
  const dialects: DatabaseTarget['kind'][] = unreachable ? ['sqlite'] : ['sqlite', 'postgres'];
  if (unreachable)
    say(
      `PostgreSQL parts skipped: no server at ${new URL(adminUrl).host} (${unreachable}); set BENCH_POSTGRES_URL to an admin connection.`,
    );
  else machine.postgres = await postgresVersion(adminUrl);
  const ctx: BenchContext = { policyDir: join(root, 'policies'), adminUrl, dialects, unreachable, say };

  const rows: BenchRow[] = [];
  const file = join(root, 'bench', 'results.json');
  const results = readResults(file);
  for (const part of parts) {
    const partBegin = process.hrtime.bigint();
    const measured = await part.run(ctx);
    rows.push(...measured.rows);
    results.parts[part.name] = {
      figures: measured.figures,
      rows: measured.rows,
      partMs: elapsedMs(partBegin),
      machine,
      measuredAt: new Date().toISOString(),
    };
  }
  const totalMs = elapsedMs(begin);
  say('');
  say(formatTable(rows));
  say('');
  say(`total ${(totalMs / 1000).toFixed(1)} s`);
  writeFileSync(file, `${JSON.stringify({ targets: TARGETS, sizes: SIZES, parts: results.parts }, null, 2)}\n`);
  say(
    `figures written to ${file} (${parts.length === BENCH_PARTS.length ? 'every part' : `parts ${parts.map((p) => p.name).join(', ')}`})`,
  );
}

/** The figures of earlier runs, by part; a missing or older-format file starts empty. */
function readResults(file: string): { parts: Record<string, unknown> } {
  try {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as { parts?: Record<string, unknown> };
    return { parts: earlier.parts && typeof earlier.parts === 'object' ? earlier.parts : {} };
  } catch {
    return { parts: {} };
  }
}

/** The nearest directory at or above `from` holding package.json (works from bench/ and dist/bench/). */
export function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

if (require.main === module) {
  runAll(process.argv.slice(2)).catch((error: unknown) => {
    const usage = error instanceof BenchUsageError;
    process.stderr.write(
      usage
        ? `${error.message}\n`
        : `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = usage ? 2 : 1;
  });
}
