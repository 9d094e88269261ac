import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretScanner } from '../../src/secrets/scan-secrets';

interface HeldOut {
  positives: { category: string; provider: string; source: string; text: string }[];
  negatives: { kind: string; text: string }[];
}

/**
 * Corpora of credentials in providers' documented shapes and of look-alikes, the rules not tuned on
 * them: fixtures/held-out.json (written by fixtures/generate-held-out.mjs) and
 * fixtures/independent/independent.json (written by an author who never read the rules; see its README).
 */
const CORPORA = {
  'held-out': join(__dirname, 'fixtures', 'held-out.json'),
  independent: join(__dirname, 'fixtures', 'independent', 'independent.json'),
};
const scanner = createSecretScanner();

test.each(Object.entries(CORPORA))(
  'the %s corpus: at least 98% of the credentials found, at most 2% of the look-alikes flagged',
  async (name, file) => {
    const corpus: HeldOut = JSON.parse(readFileSync(file, 'utf8'));
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
      `${name} corpus: recall ${(recall * 100).toFixed(1)}% (${corpus.positives.length - missed.length}/${corpus.positives.length}), ` +
        `false positives ${(falsePositives * 100).toFixed(1)}% (${flagged.length}/${corpus.negatives.length})\n` +
        `missed:\n  ${missed.join('\n  ')}\nflagged:\n  ${flagged.join('\n  ')}`,
    );
    expect(corpus.positives.length).toBeGreaterThanOrEqual(300);
    expect(corpus.negatives.length).toBeGreaterThanOrEqual(200);
    expect({ recall: recall >= 0.98, falsePositives: falsePositives <= 0.02 }).toEqual({
      recall: true,
      falsePositives: true,
    });
  },
);
