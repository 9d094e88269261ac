import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { verifyAudit } from '../app/queries/verify-audit';
import type { Config } from '../config/config';
import { echo } from '../domain/safe-text';
import { backupSqlite } from '../store/backup-sqlite';
import { describeTarget } from '../store/database-target';
import { createKyselyRegistry } from '../store/kysely-registry';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem } from './cli-io';

/**
 * `microapp backup <file>`: a consistent copy of the SQLite database while the bot runs, then the
 * copy's own checks (`integrity_check` and the audit chain). Exits 1 when the copy fails a check.
 */
export async function backup(io: CliIo, config: Pick<Config, 'database'>, file: string): Promise<ExitCode> {
  if (config.database.kind !== 'sqlite') {
    throw new FileProblem(
      `microapp backup copies the SQLite database, but DATABASE_URL points at PostgreSQL: back it up with pg_dump --format=custom (see "Backup and restore" in docs/operations.md).`,
    );
  }
  const source = config.database.file;
  const destination = resolve(io.cwd, file);
  if (!existsSync(source))
    throw new FileProblem(
      `DATABASE_URL ${describeTarget(config.database)} does not exist yet: there is nothing to back up (check DATABASE_URL).`,
    );
  if (existsSync(destination))
    throw new FileProblem(
      `${echo(file, 200)} already exists: name a new file, so no backup is overwritten by mistake.`,
    );
  const copy = await backupSqlite(source, destination);
  if (copy.integrity !== 'ok') {
    io.err(
      `The copy in ${echo(file, 200)} failed integrity_check: ${echo(copy.integrity, 500)}\nThe database itself may be damaged: stop the bot and run sqlite3 ${source} "pragma integrity_check".\n`,
    );
    return EXIT.finding;
  }
  const registry = await createKyselyRegistry({ kind: 'sqlite', file: destination });
  try {
    const verdict = await verifyAudit(registry);
    if (!verdict.ok) {
      io.err(
        `The copy in ${echo(file, 200)} is complete, but its audit log is broken at event ${verdict.seq}: ${verdict.problem}. Run microapp audit verify on the live database.\n`,
      );
      return EXIT.finding;
    }
    io.out(
      `Backed up ${describeTarget(config.database)} to ${echo(file, 200)}: ${copy.pages} pages, integrity_check ok, audit log intact (${verdict.count} events).\n`,
    );
    return EXIT.ok;
  } finally {
    await registry.close();
  }
}
