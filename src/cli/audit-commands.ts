import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createVerifyCheckpoints } from '../app/audit/verify-checkpoints';
import { createWriteCheckpoint } from '../app/audit/write-checkpoint';
import { checkpointPublishers } from '../audit/checkpoint-publishers';
import { loadAuditSigner } from '../audit/load-audit-signer';
import type { Config } from '../config/config';
import { ed25519KeyFromPem, openCheckpoint, parseVerifierKey, verifierKey } from '../domain/checkpoint';
import { createProveInclusion } from '../app/audit/prove-inclusion';
import { zonedMoment } from '../views/wording';
import { echo } from '../domain/safe-text';
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Runtime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem, UsageError } from './cli-io';
import { exportAuditEvents } from '../app/audit/export-audit-events';
import { startOfDay } from '../domain/dates';
import { textSink, writeChunks } from './write-chunks';

/** A checkpoint is a few hundred bytes; anything far larger is not one. */
const MAX_NOTE_BYTES = 64 * 1024;
/** Checkpoints read from one folder at most. */
const MAX_NOTES = 100_000;

/** `microapp audit checkpoint`: signs a checkpoint of the log as it is now, keeps and publishes it, and prints it. */
export async function auditCheckpoint(io: CliIo, rt: Runtime, config: Config): Promise<ExitCode> {
  const { signer, generated } = await loadAuditSigner(config.audit);
  if (generated) io.err(generatedKeyWarning(config));
  const result = await createWriteCheckpoint({
    registry: rt.registry,
    signer,
    clock: rt.clock,
    publishers: checkpointPublishers(config.audit),
    policy: () => rt.policy,
    platforms: rt.platforms,
  })({ force: true });
  io.out(result.checkpoint.note);
  if (result.queued)
    io.err(
      `Queued for ${result.queued === 1 ? 'the checkpoint channel' : `the ${result.queued} checkpoint channels`} (audit.checkpointChannels): the bot posts it.\n`,
    );
  for (const f of result.failed) io.err(`Could not publish it to ${f.name}: ${f.error}\n`);
  return result.failed.length ? EXIT.finding : EXIT.ok;
}

/** `microapp audit public-key`: the key that verifies the checkpoints, as a signed-note verifier key and as PEM. */
export async function auditPublicKey(io: CliIo, config: Config): Promise<ExitCode> {
  const { signer, generated } = await loadAuditSigner(config.audit);
  if (generated) io.err(generatedKeyWarning(config));
  io.out(
    `${verifierKey(signer.origin, signer.publicKey)}\n\n${signer.publicKey.export({ format: 'pem', type: 'spki' })}`,
  );
  return EXIT.ok;
}

/**
 * `microapp audit verify [--checkpoint FILE…] [--from-dir DIR] [--public-key KEY]`: the hash chain,
 * then each checkpoint against the log. Exit 0 holds, 1 a finding, 2 cannot run.
 */
export async function auditVerify(
  io: CliIo,
  rt: Runtime,
  config: Config,
  options: { checkpoints: string[]; fromDir?: string; publicKey?: string },
): Promise<ExitCode> {
  const chain = await rt.core.verifyAudit();
  if (chain.ok) io.out(`Audit log OK: ${chain.count} events, chain head ${chain.headHash.slice(0, 16)}.\n`);
  else
    io.out(`Audit log BROKEN at event ${chain.seq}: ${chain.problem}. ${chain.checked} events before it are intact.\n`);
  const notes = [
    ...(await Promise.all(options.checkpoints.map((f) => readNote(io.cwd, f)))),
    ...(options.fromDir ? await readFolder(io.cwd, options.fromDir) : []),
  ];
  if (!notes.length) return chain.ok ? EXIT.ok : EXIT.finding;
  const key = await verifyingKey(io.cwd, config, options.publicKey);
  const verdict = await createVerifyCheckpoints({ registry: rt.registry })(notes, key);
  for (const v of verdict.verdicts)
    io.out(
      v.ok ? `Checkpoint ${v.source} (${v.size} events) holds.\n` : `Checkpoint ${v.source} FAILS: ${v.problem}.\n`,
    );
  const broken = verdict.consistency.filter((c) => !c.ok);
  for (const c of broken)
    io.out(
      `The checkpoint of ${c.to} events does NOT extend the one of ${c.from} events: the RFC 6962 consistency proof between them (from this log) does not lead to both signed roots.\n`,
    );
  if (verdict.consistency.length && !broken.length)
    io.out(
      `Each checkpoint extends the one before it: ${verdict.consistency.length} RFC 6962 consistency ${verdict.consistency.length === 1 ? 'proof checks' : 'proofs check'}.\n`,
    );
  io.out(
    verdict.ok
      ? `All ${verdict.verdicts.length} checkpoints hold against the ${verdict.logSize} events in the log.\n`
      : verdict.verdicts.some((v) => !v.ok)
        ? `${verdict.verdicts.filter((v) => !v.ok).length} of ${verdict.verdicts.length} checkpoints do not hold: the log is not what was signed.\n`
        : 'The checkpoints are not consistent with each other: the log is not what was signed.\n',
  );
  return chain.ok && verdict.ok ? EXIT.ok : EXIT.finding;
}

/**
 * `microapp audit export --since DATE [--until DATE]`: the audit events of that span as the JSON
 * lines the SIEM receives, to standard output at the reader's pace (for a backfill). A day is read in
 * TIME_ZONE; `--until` with a day includes it.
 */
export async function auditExport(
  io: CliIo,
  config: Pick<Config, 'timeZone'>,
  open: () => Promise<Runtime>,
  options: { since?: string; until?: string },
): Promise<ExitCode> {
  if (!options.since)
    throw new UsageError(
      'Say where the export starts: microapp audit export --since 2026-12-01 (a day, or a time like 2026-12-01T09:00:00Z)',
    );
  const since = exportInstant('--since', options.since, config.timeZone, false);
  const until =
    options.until === undefined ? undefined : exportInstant('--until', options.until, config.timeZone, true);
  if (until && until <= since)
    throw new UsageError(
      `--until must come after --since; for one day: --since ${options.since} --until ${options.since}`,
    );
  const rt = await open();
  await writeChunks(exportAuditEvents(rt.registry, { since, until }), io.stdout ?? textSink(io.out));
  return EXIT.ok;
}

/** A day (`2026-12-01`, in `timeZone`; its end when `endOfDay`) or an ISO time with its zone (`2026-12-01T09:00:00Z`). */
function exportInstant(flag: string, text: string, timeZone: string, endOfDay: boolean): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : undefined;
  if (day) {
    const start = startOfDay(day, timeZone);
    if (start) {
      if (!endOfDay) return start;
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      return startOfDay(next, timeZone)!;
    }
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) {
    const at = new Date(text.trim());
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UsageError(
    `${flag} must be a day like 2026-12-01 or a time with its zone like 2026-12-01T09:00:00Z ("${echo(text, 40)}" is neither).`,
  );
}

/**
 * `microapp audit prove --event N|ID --checkpoint FILE [--public-key KEY]`: the RFC 6962 inclusion
 * proof of one event in the log a checkpoint signed, built from the log and checked against the
 * signed root. Exit 0 it holds, 1 it does not (or the checkpoint cannot be trusted), 2 cannot run.
 */
export async function auditProve(
  io: CliIo,
  rt: Runtime,
  config: Config,
  options: { event?: string; checkpoints: string[]; publicKey?: string },
): Promise<ExitCode> {
  const ref = eventRef(options.event);
  if (options.checkpoints.length !== 1)
    throw new UsageError('Name one checkpoint: microapp audit prove --event 1204 --checkpoint 000000001204.checkpoint');
  const note = await readNote(io.cwd, options.checkpoints[0]!);
  const key = await verifyingKey(io.cwd, config, options.publicKey);
  const opened = openCheckpoint(note.text, key.name, key.publicKey, key.origin);
  if (!opened.ok) {
    io.out(`Checkpoint ${note.source} FAILS: cannot be trusted: ${opened.problem}.\n`);
    return EXIT.finding;
  }
  const { size } = opened.checkpoint;
  const result = await createProveInclusion({ registry: rt.registry })(ref, opened.checkpoint);
  if (result.kind === 'no_event')
    throw new FileProblem(
      `The audit log has no event ${echo(String(ref), 40)}: give an event's number (1 for the first) or its id, as the API's /apps/{id}/audit lists them.`,
    );
  const { event } = result;
  if (result.kind === 'after_checkpoint')
    throw new FileProblem(
      `Event ${event.seq} was written after ${note.source} was signed (it covers events 1 to ${size}): prove it with a later checkpoint (microapp audit checkpoint signs one now).`,
    );
  const what = `Event ${event.seq} (${event.action}, ${event.targetType} ${event.targetId}, ${zonedMoment(event.at, rt.timeZone)}, id ${event.id})`;
  if (!result.holds) {
    io.out(
      `${what} is NOT in the log as ${note.source} signed it: the path from its hash does not lead to the signed root, so an event among the first ${size} was changed, removed or reordered since. Run microapp audit verify --checkpoint ${note.source} to narrow it down.\n`,
    );
    return EXIT.finding;
  }
  io.out(
    [
      `${what} is in the log as ${note.source} signed it (${size} events).`,
      `Leaf ${result.index} of ${size}, SHA-256(0x00 || event hash): ${result.leaf.toString('hex')}`,
      `Signed root: ${opened.checkpoint.root.toString('base64')}`,
      `Inclusion proof (RFC 6962 audit path, ${result.proof.length} hashes, leaf to root):`,
      ...result.proof.map((h) => `  ${h.toString('hex')}`),
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

function eventRef(given: string | undefined): number | string {
  if (given && /^[1-9]\d{0,14}$/.test(given)) return Number(given);
  if (given && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(given))
    return given.toLowerCase();
  throw new UsageError(
    `--event takes an audit event's number (like 1204) or its id (a UUID)${given ? `, not ${echo(given, 40)}` : ''}: microapp audit prove --event 1204 --checkpoint FILE`,
  );
}

function generatedKeyWarning(config: Config): string {
  return `A new audit signing key was made at ${config.audit.generatedKeyFile}. Keep a copy apart from the database's backups (whoever holds both can re-sign a rewritten log), or set AUDIT_SIGNING_KEY_FILE to a key you keep.\n`;
}

/** The key checkpoints are checked with: `--public-key` (a verifier key, or a PEM file), else the configured or generated key's. */
async function verifyingKey(
  cwd: string,
  config: Config,
  given: string | undefined,
): Promise<{ name: string; publicKey: KeyObject; origin: string }> {
  if (given) {
    const parsed = parseVerifierKey(given);
    if (parsed) return { ...parsed, origin: parsed.name };
    const pem = await readFile(resolve(cwd, given), 'utf8').catch(() => undefined);
    if (pem === undefined)
      throw new FileProblem(
        `--public-key is neither a verifier key (name+keyid+base64, as microapp audit public-key prints) nor a readable file: ${echo(given, 80)}.`,
      );
    const publicKey = publicKeyFromPem(pem);
    if (!publicKey) throw new FileProblem(`${echo(given, 80)} is not an Ed25519 key in PEM.`);
    return { name: config.audit.origin, publicKey, origin: config.audit.origin };
  }
  const file = config.audit.keyFile ?? config.audit.generatedKeyFile;
  const pem = await readFile(file, 'utf8').catch(() => undefined);
  const privateKey = pem === undefined ? undefined : ed25519KeyFromPem(pem);
  if (!privateKey)
    throw new UsageError(
      `No signing key at ${file} to check the checkpoints with: pass the log's public key with --public-key (microapp audit public-key prints it where the bot runs).`,
    );
  return { name: config.audit.origin, publicKey: createPublicKey(privateKey), origin: config.audit.origin };
}

function publicKeyFromPem(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

async function readNote(cwd: string, file: string): Promise<{ source: string; text: string }> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new FileProblem(`Cannot read the checkpoint ${echo(file, 80)}: no such file.`);
  if (info.size > MAX_NOTE_BYTES) throw new FileProblem(`${echo(file, 80)} is far larger than a checkpoint.`);
  return { source: file, text: await readFile(path, 'utf8') };
}

async function readFolder(cwd: string, dir: string): Promise<{ source: string; text: string }[]> {
  const path = resolve(cwd, dir);
  const names = await readdir(path).catch(() => undefined);
  if (!names) throw new FileProblem(`Cannot read the folder ${echo(dir, 80)}.`);
  const files = names.filter((n) => n.endsWith('.checkpoint')).sort();
  if (!files.length) throw new FileProblem(`${echo(dir, 80)} holds no .checkpoint files.`);
  if (files.length > MAX_NOTES) throw new FileProblem(`${echo(dir, 80)} holds more than ${MAX_NOTES} checkpoints.`);
  return Promise.all(files.map((f) => readNote(path, f).then((n) => ({ ...n, source: join(dir, f) }))));
}
