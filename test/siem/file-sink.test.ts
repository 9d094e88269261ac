import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiemRecord } from '../../src/domain/siem-record';
import { fileSink } from '../../src/siem/file-sink';
import { sampleRecords } from './sample-records';

function records(from: number, count: number): SiemRecord[] {
  const [template] = sampleRecords();
  return Array.from({ length: count }, (_, i) => ({ ...template!, seq: from + i, id: `event-${from + i}` }));
}

const seqsIn = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as SiemRecord).seq);

test('the file rotates before a batch would take it past the limit, keeping the newest files, and lines stay in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'siem-file-'));
  const file = join(dir, 'logs', 'microapp-audit.jsonl');
  const lineBytes = Buffer.byteLength(`${JSON.stringify(records(1, 1)[0])}\n`);
  const maxBytes = lineBytes * 5;
  const sink = fileSink({ file, maxBytes, keep: 3 });
  let seq = 1;
  for (const size of [2, 2, 2, 3, 1, 4, 2, 2, 3]) {
    await sink.send(records(seq, size));
    seq += size;
  }
  expect(readdirSync(join(dir, 'logs')).sort()).toEqual([
    'microapp-audit.jsonl',
    'microapp-audit.jsonl.1',
    'microapp-audit.jsonl.2',
  ]);
  for (const name of readdirSync(join(dir, 'logs')))
    expect(statSync(join(dir, 'logs', name)).size).toBeLessThanOrEqual(maxBytes);
  const kept = [...seqsIn(`${file}.2`), ...seqsIn(`${file}.1`), ...seqsIn(file)];
  const last = seq - 1;
  expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => last - kept.length + 1 + i));
  expect(kept.length).toBeGreaterThanOrEqual(10);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  await sink.close();
});

test('a batch larger than the limit still goes into a file of its own, never split', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'siem-file-'));
  const file = join(dir, 'microapp-audit.jsonl');
  const sink = fileSink({ file, maxBytes: 100, keep: 2 });
  await sink.send(records(1, 1));
  await sink.send(records(2, 4));
  expect(seqsIn(file)).toEqual([2, 3, 4, 5]);
  expect(seqsIn(`${file}.1`)).toEqual([1]);
});

test('keep 1: the file starts again empty when full', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'siem-file-'));
  const file = join(dir, 'microapp-audit.jsonl');
  const sink = fileSink({ file, maxBytes: 100, keep: 1 });
  await sink.send(records(1, 1));
  await sink.send(records(2, 1));
  expect(readdirSync(dir)).toEqual(['microapp-audit.jsonl']);
  expect(seqsIn(file)).toEqual([2]);
});

test('a file that cannot be written fails the batch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'siem-file-'));
  writeFileSync(join(dir, 'not-a-folder'), '');
  const sink = fileSink({ file: join(dir, 'not-a-folder', 'microapp-audit.jsonl'), maxBytes: 100, keep: 1 });
  await expect(sink.send(records(1, 1))).rejects.toThrow(/ENOTDIR|EEXIST/);
});
