import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestCorpus } from '../../bench/manifest-corpus';
import type { Assessment } from '../../src/domain/assessment';
import type { Waiver } from '../../src/domain/policy-exception';
import { assess } from '../../src/policy/assess';
import { loadPolicy } from '../../src/policy/load-policy';
import { POLICY_DIR } from '../support/test-policy';

/**
 * Every assessment of the shipped policy over a seeded corpus of 2,000 manifests (a third of them
 * with one fired rule waived) must stay what it was: tier, score, decision, approvals, controls,
 * destinations, shortfalls and every reason with the items it is about. The fixture holds one
 * digest per manifest, written by the code before assess() was made faster. When the shipped
 * policy is changed on purpose, rerun with UPDATE_ASSESS_DIGESTS=1 and commit the new fixture.
 */
const FIXTURE = join(__dirname, 'fixtures', 'shipped-policy-assessments.json');
const CORPUS_SIZE = 2000;

interface Digests {
  policyVersion: string;
  corpusSize: number;
  digests: string[];
}

/** JSON with keys sorted at every level, so the digest speaks of content, not of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const digestOf = (a: Assessment) => createHash('sha256').update(canonical(a)).digest('hex').slice(0, 16);

test('the shipped policy assesses a seeded corpus exactly as before, waivers and named items included', async () => {
  const policy = await loadPolicy(POLICY_DIR);
  const corpus = manifestCorpus(policy, CORPUS_SIZE);
  const assessments = corpus.map((manifest, i) => {
    const plain = assess(policy, manifest);
    if (i % 3 !== 0 || plain.reasons.length === 0) return plain;
    const waived: Waiver[] = [
      { rule: plain.reasons[i % plain.reasons.length]!.rule, until: '2027-01-31', controls: 'Checked by hand.' },
    ];
    return assess(policy, manifest, { waived });
  });
  const actual: Digests = {
    policyVersion: policy.version,
    corpusSize: CORPUS_SIZE,
    digests: assessments.map(digestOf),
  };
  if (process.env.UPDATE_ASSESS_DIGESTS === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 1)}\n`);
  const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Digests;

  expect(assessments.some((a) => a.reasons.some((r) => r.excepted))).toBe(true);
  expect(assessments.some((a) => a.reasons.some((r) => (r.about?.length ?? 0) > 1))).toBe(true);
  expect(
    assessments.some((a) => a.reasons.some((r) => r.about?.some((item) => item.includes('not in the catalog')))),
  ).toBe(true);
  expect(actual.policyVersion).toBe(expected.policyVersion);
  const changed = actual.digests.flatMap((d, i) => (d === expected.digests[i] ? [] : [i]));
  if (changed.length > 0) {
    throw new Error(
      `${changed.length} assessments changed (manifests ${changed.slice(0, 10).join(', ')}…); the first is now ${JSON.stringify(assessments[changed[0]!])}`,
    );
  }
  expect(actual.digests).toHaveLength(expected.digests.length);
});
