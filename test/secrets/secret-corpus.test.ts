import { PROVIDER_COUNT } from '../../src/secrets/find-token-format';
import { createSecretScanner } from '../../src/secrets/scan-secrets';
import { credentialCorpus } from './corpus/credentials';
import { lookAlikeCorpus } from './corpus/look-alikes';
import type { FieldScore } from './corpus/manifest-fields';
import { FREE_TEXT_FIELDS } from './corpus/manifest-fields';

const credentials = credentialCorpus();
const lookAlikes = lookAlikeCorpus();
const scanner = createSecretScanner();

test('the token formats cover at least 100 providers', () => {
  expect(PROVIDER_COUNT).toBeGreaterThanOrEqual(100);
});

test('the corpus holds at least 250 credentials of 100 providers and 250 look-alikes, all distinct', () => {
  expect(credentials.length).toBeGreaterThanOrEqual(250);
  expect(new Set(credentials.map((c) => c.provider)).size).toBeGreaterThanOrEqual(100);
  expect(lookAlikes.length).toBeGreaterThanOrEqual(250);
  expect(new Set(credentials.map((c) => c.text)).size).toBe(credentials.length);
  expect(new Set(lookAlikes.map((l) => l.text)).size).toBe(lookAlikes.length);
});

describe.each(FREE_TEXT_FIELDS)('the scanner on $path', ({ path, place }) => {
  test('finds at least 98% of the credentials, in that field, without repeating them', async () => {
    const missed: string[] = [];
    for (const c of credentials) {
      const findings = await scanner.scan(place(c.text));
      if (!findings.some((f) => f.path === path)) missed.push(`${c.provider} ${c.kind}`);
      expect(JSON.stringify(findings)).not.toContain(c.text);
    }
    const score: FieldScore = { field: path, rate: 1 - missed.length / credentials.length, wrong: missed };
    expect(score.rate >= 0.98 ? 'ok' : score).toBe('ok');
  });

  test('flags at most 2% of the look-alikes', async () => {
    const flagged: string[] = [];
    for (const l of lookAlikes)
      if ((await scanner.scan(place(l.text))).length > 0) flagged.push(`${l.kind}: ${l.text}`);
    const score: FieldScore = { field: path, rate: flagged.length / lookAlikes.length, wrong: flagged };
    expect(score.rate <= 0.02 ? 'ok' : score).toBe('ok');
  });
});
