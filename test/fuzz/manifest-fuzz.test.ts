import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isAppError } from '../../src/domain/errors';
import { systemClock } from '../../src/ports/clock';
import { fuzzManifest, seededRandom } from '../support/manifest-fuzzer';
import { testCore } from '../support/test-core';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { loadTestPolicy, policyCopy } from '../support/test-policy';
import { cli } from '../support/cli-harness';
import { createTestDatabase } from '../support/test-databases';
import { verifyAudit } from '../../src/app/queries/verify-audit';

const CASES = 10_000;

test(`${CASES} generated and mutated manifests through the core: no internal errors, every rejection names a field, nothing partial stored`, async () => {
  const registry = await createKyselyRegistry({ kind: 'sqlite', file: ':memory:' });
  try {
    const core = testCore(registry, await loadTestPolicy(), systemClock);
    const rnd = seededRandom(20261122);
    const internal: string[] = [];
    const unnamed: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < CASES; i++) {
      const input = fuzzManifest(i, rnd);
      try {
        await core.submitRegistration(input as Record<string, unknown>, { platform: 'cli', userId: 'fuzzer' });
        accepted++;
      } catch (error) {
        rejected++;
        if (!isAppError(error)) internal.push(`case ${i}: ${String((error as Error)?.stack ?? error).slice(0, 300)}`);
        else if (
          error.code === 'input.invalid' &&
          !(error.details.fieldErrors ?? []).every(
            (e) => e.field.length > 0 && e.field.length <= 40 && e.message.length <= 600,
          )
        )
          unnamed.push(
            `case ${i}: ${JSON.stringify(error.details.fieldErrors?.filter((e) => !(e.field.length > 0 && e.field.length <= 40 && e.message.length <= 600))).slice(0, 600)}`,
          );
        else if (error.code !== 'input.invalid' && error.code !== 'registration.name_taken')
          internal.push(`case ${i}: unexpected ${error.code}`);
      }
    }
    expect(internal.slice(0, 5)).toEqual([]);
    expect(unnamed.slice(0, 5)).toEqual([]);
    expect(accepted).toBeGreaterThan(CASES / 10);
    expect(rejected).toBeGreaterThan(CASES / 2);
    const stored = await registry.apps.list({ limit: 1 });
    expect(stored.apps.length).toBeGreaterThan(0);
    let apps = 0;
    let after: string | undefined;
    do {
      const page = await registry.apps.list({ limit: 200, after });
      apps += page.apps.length;
      after = page.next;
    } while (after);
    expect(apps).toBe(accepted);
    expect(await verifyAudit(registry)).toMatchObject({ ok: true });
  } finally {
    await registry.close();
  }
}, 240_000);

/** YAML texts a file may hold that no JS value shows: alias cycles and bombs, deep flow nesting, broken syntax, duplicate keys. */
function yamlOnly(i: number, rnd: () => number): string {
  const levels = 3 + Math.floor(rnd() * 8);
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let l = 1; l < levels; l++)
    lines.push(`a${l}: &a${l} [${Array.from({ length: 10 }, () => `*a${l - 1}`).join(', ')}]`);
  const cases = [
    `name: &x [*x]\npurpose: cycles\n`,
    `${lines.join('\n')}\nname: *a${levels - 1}\n`,
    `name: ${'['.repeat(1 + Math.floor(rnd() * 5000))}\n`,
    `name: "unterminated\npurpose: x\n`,
    `name: One\nname: Two\n`,
    `${'k'.repeat(2000)}: 1\n`,
    `- just\n- a\n- list\n`,
    `name: Fuzz file ${i}\npurpose: &p Tidies my notes every week.\ndecommissionPlan: *p\nowner: slack:UOWNER\naudience: personal\nexpectedUsers: 1\ndataClassification: internal\n`,
  ];
  return cases[Math.floor(rnd() * cases.length)]!;
}

test('fuzzed manifest files through the CLI: every refusal names a field or the file, exit codes are the documented ones', async () => {
  const db = await createTestDatabase('sqlite');
  try {
    const rnd = seededRandom(7);
    const env = {
      POLICY_DIR: policyCopy(),
      DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}`,
    };
    const dir = mkdtempSync(join(tmpdir(), 'microapp-fuzz-'));
    const problems: string[] = [];
    for (let i = 0; i < 150; i++) {
      const file = `m${i}.yaml`;
      const value = i % 2 === 0 ? yamlOnly(i, rnd) : fuzzManifest(i, rnd);
      try {
        writeFileSync(
          join(dir, file),
          typeof value === 'string' ? value : stringify(value, { aliasDuplicateObjects: true }),
        );
      } catch {
        continue;
      }
      const r = await cli(['register', '--file', file, '--owner', 'fuzz@example.com'], env, dir);
      const namesIt =
        r.err.includes(file) ||
        /^ {2}- ([\w.…]+|\(a name that is not a field name\)): /m.test(r.err) ||
        /already registered/.test(r.err);
      if (![0, 1, 2].includes(r.code) || /went wrong/.test(r.err) || (r.code !== 0 && !namesIt) || r.err.length > 4000)
        problems.push(`${file} → ${r.code}: ${r.err.slice(0, 300)}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    const microapp = (file: string) =>
      spawnSync(process.execPath, [join(__dirname, '../../bin/microapp.js'), 'register', '--file', file], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    writeFileSync(join(dir, 'cycle.yaml'), 'name: &x [*x]\n');
    const cycle = microapp('cycle.yaml');
    expect(cycle.status).toBe(1);
    expect(cycle.stderr).toContain('name.0: name contains itself (a YAML alias that refers to its own anchor)');
    const missing = microapp('absent.yaml');
    expect(missing).toMatchObject({ status: 2, stderr: 'Cannot read absent.yaml: no such file.\n' });
  } finally {
    await db.drop();
  }
}, 120_000);
