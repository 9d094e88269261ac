import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { siemLine } from '../domain/siem-record';
import type { SiemSink } from '../ports/siem-sink';

/**
 * A JSON-lines file that rotates: before a batch that would take it past `maxBytes`, the file
 * becomes `<file>.1` (the older ones move up, the oldest beyond `keep` files in all is removed).
 * A batch counts as acknowledged once it is written and synced to disk.
 */
export function fileSink(options: { file: string; maxBytes: number; keep: number }): SiemSink {
  const { file, maxBytes, keep } = options;
  const sizeOf = (path: string) =>
    stat(path).then(
      (s) => s.size,
      () => 0,
    );
  const rotate = async () => {
    if (keep <= 1) return rm(file, { force: true });
    await rm(`${file}.${keep - 1}`, { force: true });
    for (let n = keep - 2; n >= 1; n--) await rename(`${file}.${n}`, `${file}.${n + 1}`).catch(() => undefined);
    await rename(file, `${file}.1`);
  };
  return {
    name: 'file',
    async send(records) {
      const text = records.map((r) => `${siemLine(r)}\n`).join('');
      const size = await sizeOf(file);
      if (size > 0 && size + Buffer.byteLength(text) > maxBytes) await rotate();
      await mkdir(dirname(file), { recursive: true });
      const handle = await open(file, 'a', 0o600);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async close() {},
  };
}
