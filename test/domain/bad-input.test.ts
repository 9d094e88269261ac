import { mkdtempSync, writeFileSync } from 'node:fs';
import { SqliteDatabase as Database } from '../../src/store/sqlite-database';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseManifest } from '../../src/domain/manifest';
import { echo, terminalSafe } from '../../src/domain/safe-text';
import { loadPolicy } from '../../src/policy/load-policy';
import { cli } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { policyCopy } from '../support/test-policy';

test('names are stored in NFC, and control, bidi and invisible characters are refused with a field error', () => {
  const decomposed = parseManifest(tier1({ name: 'Cafe\u0301 planner' }));
  expect(decomposed).toMatchObject({ ok: true, manifest: { name: 'Caf\u00e9 planner' } });
  for (const [name, code] of [
    ['Evil\u001b]0;pwned\u0007 app', 'U+001B'],
    ['Invoice \u202egnp.exe', 'U+202E'],
    ['Zero\u200bwidth', 'U+200B'],
    ['Two\nlines', 'U+000A'],
  ]) {
    expect(parseManifest(tier1({ name }))).toMatchObject({
      ok: false,
      errors: [
        {
          field: 'name',
          message: `App name contains a control or invisible character (${code}); type it again without it.`,
        },
      ],
    });
  }
  expect(parseManifest(tier1({ purpose: 'First line.\nSecond line of what it does.' }))).toMatchObject({ ok: true });
});

test('echoes of input are truncated and terminal-safe', () => {
  const parsed = parseManifest(tier1({ ['k'.repeat(100_000)]: 1 }));
  expect(parsed.ok).toBe(false);
  const text = JSON.stringify(parsed);
  expect(text.length).toBeLessThan(2_000);
  expect(echo('\u001b[31mred', 60)).toBe('\ufffd[31mred');
  expect(terminalSafe('ok\tfine\nline')).toBe('ok\tfine\nline');
});

test('a file that is not a manifest gets one message, not one per line', () => {
  const lines = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`user${i}:$6$salt$hash${i}`, 'x']));
  const parsed = parseManifest(lines);
  expect(parsed).toMatchObject({
    ok: false,
    errors: expect.arrayContaining([
      {
        field: 'manifest',
        path: 'manifest',
        message:
          '30 names are not manifest fields: is this the right file? A manifest looks like the example microapp.yaml.',
      },
    ]),
  });
  expect(parsed.ok || parsed.errors.filter((e) => /not a manifest field/.test(e.message))).toEqual([]);
  expect(JSON.stringify(parsed)).not.toMatch(/salt|\$6\$/);
});

test('an unknown name is echoed only when it looks like a field name: never a line of a file, never a line break', () => {
  const parsed = parseManifest({ name: 'Spoof test', 'x\nRegistered "Spoof test": approved.': 1, colour: 'red' });
  expect(parsed.ok).toBe(false);
  const text = parsed.ok ? '' : parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
  expect(text).not.toContain('Registered');
  expect(text).toContain('"colour" is not a manifest field');
  expect(text).toContain('A name with spaces, symbols or line breaks is not a manifest field; remove it.');
});

test('list --search longer than 200 characters is a usage error naming the option', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-search-'));
  const r = await cli(
    ['list', '--search', 'x'.repeat(50_000)],
    { POLICY_DIR: policyCopy(), DATABASE_URL: `sqlite:${join(dir, 'm.db')}` },
    dir,
  );
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^--search can be at most 200 characters \(it was 50000\)/);
});

test('a policy with more than 1,000 rules is refused quickly with the limit', async () => {
  const dir = policyCopy((d) => {
    const rules = Array.from(
      { length: 1_500 },
      (_, i) =>
        `  - id: generated-${i}\n    when: app.expectedUsers > ${i}\n    points: 1\n    message: m\n    fix: f\n`,
    ).join('');
    writeFileSync(join(d, 'rules', 'zz-generated.yaml'), `rules:\n${rules}`);
  });
  const started = Date.now();
  await expect(loadPolicy(dir)).rejects.toMatchObject({
    code: 'policy.invalid',
    details: { problems: [expect.stringMatching(/zz-generated\.yaml: the policy would have more than 1000 rules/)] },
  });
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('a policy file with an alias cycle or bomb is a policy problem, not a crash', async () => {
  const cycle = policyCopy((d) => writeFileSync(join(d, 'catalog.yaml'), 'systems: &s [*s]\n'));
  await expect(loadPolicy(cycle)).rejects.toMatchObject({
    code: 'policy.invalid',
    details: { problems: [expect.stringMatching(/catalog\.yaml: systems contains itself/)] },
  });
  const levels = [
    'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from({ length: 8 }, (_, l) => `a${l + 1}: &a${l + 1} [${Array(10).fill(`*a${l}`).join(', ')}]`),
  ];
  const bomb = policyCopy((d) => writeFileSync(join(d, 'catalog.yaml'), `${levels.join('\n')}\nsystems: *a8\n`));
  await expect(loadPolicy(bomb)).rejects.toMatchObject({
    code: 'policy.invalid',
    details: { problems: [expect.stringMatching(/catalog\.yaml: not valid YAML/)] },
  });
});

test('names stored before the name rules are printed terminal-safe by the CLI', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-names-'));
  const env = { POLICY_DIR: policyCopy(), DATABASE_URL: `sqlite:${join(dir, 'm.db')}` };
  writeFileSync(join(dir, 'app.yaml'), JSON.stringify(tier1({ name: 'Plain name' })));
  expect((await cli(['register', '--file', 'app.yaml'], env, dir)).code).toBe(0);
  const db = new Database(join(dir, 'm.db'));
  db.prepare('update app set name = ?').run('Evil\u001b]0;pwned\u0007 \u202eapp');
  db.close();
  const r = await cli(['list'], env, dir);
  expect(r.code).toBe(0);
  expect(r.out).toContain('Evil\ufffd]0;pwned\ufffd \ufffdapp');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the listing must not carry the escape and bell characters
  expect(r.out).not.toMatch(/[\u001b\u0007\u202e]/);
});
