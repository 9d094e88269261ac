import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditConfig } from '../config/config-shape';
import type { CheckpointPublisher } from '../ports/audit-signer';

/** How long a witness may take to take a checkpoint. */
const WITNESS_TIMEOUT_MS = 10_000;

/** A checkpoint's file name: its size, zero-padded, so a listing sorts by size. */
export function checkpointFileName(size: number): string {
  return `${String(size).padStart(12, '0')}.checkpoint`;
}

/**
 * One file per checkpoint in `dir` (written whole, then renamed into place). A file already there
 * with the same text is left; a different checkpoint of the same size there is refused, since two
 * logs (or a rewritten one) must not overwrite each other's evidence.
 */
export function folderPublisher(dir: string): CheckpointPublisher {
  return {
    name: `the folder ${dir}`,
    async publish(note, size) {
      await mkdir(dir, { recursive: true });
      const file = join(dir, checkpointFileName(size));
      const existing = await readFile(file, 'utf8').catch(() => undefined);
      if (existing === note) return;
      if (existing !== undefined)
        throw new Error(`${file} already holds a different checkpoint of ${size} events; it was left as it is`);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, note, { flag: 'w' });
      await rename(temp, file);
    },
  };
}

/** POSTs each checkpoint (text/plain) to a witness URL; anything but 2xx is a failure. */
export function witnessPublisher(url: string): CheckpointPublisher {
  return {
    name: `the witness ${new URL(url).origin}`,
    async publish(note) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: note,
        signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`the witness answered ${res.status}`);
    },
  };
}

/** The publishers the configuration names. */
export function checkpointPublishers(audit: AuditConfig): CheckpointPublisher[] {
  return [
    ...(audit.checkpointDir ? [folderPublisher(audit.checkpointDir)] : []),
    ...(audit.witnessUrl ? [witnessPublisher(audit.witnessUrl)] : []),
  ];
}
