import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretScanner } from '../../src/secrets/scan-secrets';

interface HeldOut {
  positives: { category: string; provider: string; source: string; text: string }[];
  negatives: { kind: string; text: string }[];
}

/** Written by fixtures/generate-held-out.mjs from providers' documented shapes; the rules are not tuned on it. */
const corpus: HeldOut = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'held-out.json'), 'utf8'));
const scanner = createSecretScanner();

test('the held-out corpus: at least 98% of the credentials found, at most 2% of the look-alikes flagged', async () => {
  const missed: string[] = [];
  for (const p of corpus.positives)
    if ((await scanner.scan({ description: p.text })).length === 0)
      missed.push(`${p.category}/${p.provider}: ${p.text}`);
  const flagged: string[] = [];
  for (const n of corpus.negatives)
    if ((await scanner.scan({ description: n.text })).length > 0) flagged.push(`${n.kind}: ${n.text}`);
  const recall = 1 - missed.length / corpus.positives.length;
  const falsePositives = flagged.length / corpus.negatives.length;
  console.log(
    `held-out corpus: recall ${(recall * 100).toFixed(1)}% (${corpus.positives.length - missed.length}/${corpus.positives.length}), ` +
      `false positives ${(falsePositives * 100).toFixed(1)}% (${flagged.length}/${corpus.negatives.length})\n` +
      `missed:\n  ${missed.join('\n  ')}\nflagged:\n  ${flagged.join('\n  ')}`,
  );
  expect(corpus.positives.length).toBeGreaterThanOrEqual(300);
  expect(corpus.negatives.length).toBeGreaterThanOrEqual(200);
  expect({ recall: recall >= 0.98, falsePositives: falsePositives <= 0.02 }).toEqual({
    recall: true,
    falsePositives: true,
  });
});
