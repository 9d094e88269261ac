import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../src/policy/load-policy';
import type { DatabaseTarget } from '../src/store/database-target';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import type { Tables } from '../src/store/tables';
import { manifestCorpus } from './manifest-corpus';
import { seedApps } from './seed-apps';
import { elapsedMs } from './time-calls';

/** How the reader of one export behaves: reads at once, or reads nothing for `stallMs` first. */
export interface ExportReader {
  format: 'csv' | 'json';
  stallMs: number;
}

/** One export measured: wall time of the CLI process, its peak RSS, and what it wrote. */
export interface ExportRun extends ExportReader {
  ms: number;
  maxRssMiB: number;
  bytes: number;
  /** sha256 of the output, so runs before and after a change can be compared byte for byte. */
  sha256: string;
  exitCode: number | null;
}

/** What the export part measured on one database. */
export interface ExportBench {
  dialect: DatabaseTarget['kind'];
  apps: number;
  seedMs: number;
  runs: ExportRun[];
}

const CLI = join(__dirname, '../src/cli/main.js');
const REPORTER = join(__dirname, 'report-max-rss.js');

/**
 * Seeds `apps` apps (each with a current revision whose manifest comes from the bench corpus), then
 * runs `microapp export` as its own process once per reader, reading its standard output through a
 * pipe: promptly, or only after a stall. The CLI must be built (`dist/`).
 */
export async function exportThroughput(
  target: DatabaseTarget,
  policyDir: string,
  apps: number,
  readers: readonly ExportReader[],
): Promise<ExportBench> {
  const seedMs = await seedExportBench(target, policyDir, apps);
  const runs: ExportRun[] = [];
  for (const reader of readers) runs.push(await exportOnce(target, policyDir, reader));
  return { dialect: target.kind, apps, seedMs, runs };
}

/** Migrates the database and seeds `apps` apps, each with a current revision; returns how long seeding took, in ms. */
export async function seedExportBench(target: DatabaseTarget, policyDir: string, apps: number): Promise<number> {
  const corpus = manifestCorpus(await loadPolicy(policyDir), 200);
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const start = process.hrtime.bigint();
    await seedApps(db, apps);
    await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('app').select(['id', 'name', 'owner', 'current_revision_id']).execute();
      for (let first = 0; first < rows.length; first += 500) {
        const revisions: Tables['revision'][] = rows.slice(first, first + 500).map((app, i) => ({
          id: app.current_revision_id,
          app_id: app.id,
          number: 1,
          manifest: JSON.stringify({ ...corpus[(first + i) % corpus.length]!, name: app.name, owner: app.owner }),
          assessment: '{}',
          policy_version: 'bench',
          submitted_by: app.owner,
          created_at: '2026-01-01T00:00:00.000Z',
        }));
        await trx.insertInto('revision').values(revisions).execute();
      }
    });
    return elapsedMs(start);
  } finally {
    await db.destroy();
  }
}

/** Runs `microapp export` once as its own process (the CLI must be built), reading its output as `reader` does. */
export function exportOnce(target: DatabaseTarget, policyDir: string, reader: ExportReader): Promise<ExportRun> {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-export-bench-'));
  const rssFile = join(dir, 'max-rss');
  const url = target.kind === 'sqlite' ? `sqlite:${target.file}` : target.url;
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', REPORTER, CLI, 'export', '--format', reader.format], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, POLICY_DIR: policyDir, BENCH_MAX_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const hash = createHash('sha256');
  let bytes = 0;
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  if (reader.stallMs > 0) {
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), reader.stallMs);
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const ms = elapsedMs(start);
      try {
        if (exitCode !== 0) throw new Error(`microapp export exited with ${exitCode}: ${errors}`);
        const maxRssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
        resolve({ ...reader, ms, maxRssMiB, bytes, sha256: hash.digest('hex'), exitCode });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** A one-line summary of one run. */
export function describeExportRun(r: ExportRun): string {
  const reader = r.stallMs > 0 ? `a reader stalling ${(r.stallMs / 1000).toFixed(0)} s` : 'a prompt reader';
  return `${r.format.toUpperCase()} to ${reader}: ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.maxRssMiB.toFixed(0)} MiB, ${(r.bytes / 2 ** 20).toFixed(1)} MiB written (sha256 ${r.sha256.slice(0, 12)})`;
}
