import { AppError } from '../../src/domain/errors';
import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { tier1 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';
import { credentialCorpus } from '../secrets/corpus/credentials';
import { lookAlikeCorpus } from '../secrets/corpus/look-alikes';
import type { FieldScore } from '../secrets/corpus/manifest-fields';
import { FREE_TEXT_FIELDS } from '../secrets/corpus/manifest-fields';

const credentials = credentialCorpus();
const lookAlikes = lookAlikeCorpus();
const cli = { platform: 'cli' as const, userId: 'ops' };

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

/** The secret field errors a registration is refused with, or none when it is accepted or refused for other reasons. */
async function secretErrors(
  core: ReturnType<typeof testCore>,
  input: Record<string, unknown>,
): Promise<{ paths: string[]; said: string }> {
  try {
    await core.submitRegistration(input, cli);
    return { paths: [], said: '' };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const paths = (error.details.fieldErrors ?? []).filter((e) => e.secret).map((e) => e.path ?? e.field);
    return { paths, said: JSON.stringify({ message: error.message, details: error.details }) };
  }
}

// The scan runs before the store is touched, so one database (SQLite) is enough here.
{
  const dialect = 'sqlite' as const;
  describe(`registering the secret corpus on ${dialect}`, () => {
    let registry: Registry;
    let core: ReturnType<typeof testCore>;
    beforeAll(async () => {
      registry = await createTestRegistry(dialect);
      core = testCore(registry, policy, { now: () => new Date('2026-11-21T10:00:00.000Z') });
    });
    afterAll(() => registry.close());

    describe.each(FREE_TEXT_FIELDS)('$path', ({ path, place }) => {
      test('at least 98% of the credentials are refused on that field, never echoed and never stored', async () => {
        const missed: string[] = [];
        for (const [i, c] of credentials.entries()) {
          const input = tier1({ name: `Corpus app ${path} ${i}`, ...place(c.text) });
          const { paths, said } = await secretErrors(core, input);
          if (!paths.includes(path)) missed.push(`${c.provider} ${c.kind}`);
          else expect(await registry.apps.find(String(input.name))).toBeUndefined();
          expect(said).not.toContain(c.text);
        }
        const score: FieldScore = { field: path, rate: 1 - missed.length / credentials.length, wrong: missed };
        expect(score.rate >= 0.98 ? 'ok' : score).toBe('ok');
      });

      test('at most 2% of the look-alikes are refused as secrets', async () => {
        const refused: string[] = [];
        for (const [i, l] of lookAlikes.entries()) {
          const { paths } = await secretErrors(core, tier1({ name: `Look-alike ${path} ${i}`, ...place(l.text) }));
          if (paths.length > 0) refused.push(`${l.kind}: ${l.text}`);
        }
        const score: FieldScore = { field: path, rate: refused.length / lookAlikes.length, wrong: refused };
        expect(score.rate <= 0.02 ? 'ok' : score).toBe('ok');
      });
    });
  });
}
