import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1, tier2 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import type { TestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';

let db: TestDatabase;
let env: Record<string, string>;
const dir = manifestDir({
  'ai.yaml': tier1({ name: 'Summary bot', usesAI: true }),
  'plain.yaml': tier1(),
  'team.yaml': tier2(),
});
beforeAll(async () => {
  db = await createTestDatabase('sqlite');
  env = { POLICY_DIR: policyCopy(), DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}` };
  for (const f of ['ai.yaml', 'plain.yaml', 'team.yaml'])
    expect((await cli(['register', '--file', f], env, dir)).code).toBe(0);
});
afterAll(() => db.drop());

test('policy diff lists the apps a new policy would move, and the timings it changes for all, without changing anything', async () => {
  const next = policyCopy((d) => {
    writeFileSync(
      join(d, 'rules', 'ai.yaml'),
      'rules:\n  - id: uses-ai\n    when: app.usesAI\n    points: 5\n    message: This app calls an AI model.\n    fix: Use an approved AI service.\n',
    );
    const file = join(d, 'policy.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('everyDays: 365', 'everyDays: 180'));
  });
  const words = await cli(['policy', 'diff', next], env, dir);
  expect(words.code).toBe(0);
  expect(words.out).toMatch(/: 1 of 3 apps would change\./);
  expect(words.out).toMatch(/timings\.recertification\.everyDays: 365 → 180/);
  expect(words.out).toMatch(
    /"Summary bot" \(approved\): tier 1 → 2; decision auto approve → review; approvals none → 1 reviewer/,
  );

  const json = JSON.parse((await cli(['policy', 'diff', next, '--json'], env, dir)).out);
  expect(json).toMatchObject({
    compared: 3,
    apps: [
      { app: 'Summary bot', before: { tier: 1, decision: 'auto_approve' }, after: { tier: 2, decision: 'review' } },
    ],
  });
  expect(JSON.parse((await cli(['show', 'Summary bot', '--json'], env, dir)).out)).toMatchObject({
    tier: 1,
    status: 'approved',
  });
  expect(await cli(['policy', 'diff'], env, dir)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/Name the folder of the new policy/),
  });
});
