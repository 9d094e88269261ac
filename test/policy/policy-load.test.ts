import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AppError } from '../../src/domain/errors';
import { isAppError } from '../../src/domain/errors';
import { loadPolicy } from '../../src/policy/load-policy';
import type { PolicyFile } from '../../src/policy/policy-schema';
import { POLICY_DIR, policyCopy } from '../support/test-policy';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Writes `rules/<file>` with one rule "bad-rule" made of `fields`. */
const addRule =
  (fields: Record<string, unknown>, file = 'zz-bad.yaml') =>
  (dir: string) =>
    writeFileSync(
      join(dir, 'rules', file),
      stringify({ rules: [{ id: 'bad-rule', message: 'Bad rule.', fix: 'Fix the rule.', ...fields }] }),
    );

/** Rewrites a YAML file of the copy through `edit`. */
const editYaml =
  <T>(file: string, edit: (doc: T) => void) =>
  (dir: string) => {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as T;
    edit(doc);
    writeFileSync(join(dir, file), stringify(doc));
  };

async function problemsOf(dir: string): Promise<string[]> {
  const error: unknown = await loadPolicy(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'policy.invalid')).toBe(true);
  const problems = (error as AppError).details.problems ?? [];
  expect((error as AppError).message).toContain(`${problems.length} problem`);
  return problems;
}

interface BadPolicy {
  name: string;
  mutate: (dir: string) => void;
  /** The file the problem is in, relative to the policy dir. */
  file: string;
  /** The rule the problem names, when it is about one rule. */
  rule?: string;
  /** What the problem must say is wrong, matched against the problem after its file path. */
  says: RegExp;
}

const BAD_POLICIES: BadPolicy[] = [
  {
    name: 'a YAML syntax error, with its line number',
    mutate: (dir) =>
      writeFileSync(
        join(dir, 'rules', 'zz-bad.yaml'),
        'rules:\n  - id: bad-rule\n    when: app.usesAI\n    message: Bad: rule\n    fix: Fix it.\n',
      ),
    file: 'rules/zz-bad.yaml',
    says: /^:4: not valid YAML \(.+\)\.$/,
  },
  {
    name: 'an unknown rule key',
    mutate: addRule({ when: 'app.usesAI', points: 1, weight: 2 }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /unrecognized key.*"weight"/i,
  },
  {
    name: 'a rule with no effect',
    mutate: addRule({ when: 'app.usesAI' }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /needs one effect: points, prohibit or require/,
  },
  {
    name: 'prohibit plus points',
    mutate: addRule({ when: 'app.usesAI', prohibit: true, points: 3 }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /prohibit rule cannot also give points/,
  },
  {
    name: 'a condition that is not true or false',
    mutate: addRule({ when: 'app.expectedUsers', points: 1 }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /when: the condition gives int, not true or false/,
  },
  {
    name: 'a CEL syntax error',
    mutate: addRule({ when: 'app.usesAI &&', points: 1 }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /when: .*(unexpected|syntax)/i,
  },
  {
    name: 'a misspelt manifest field',
    mutate: addRule({ when: "app.audince == 'team'", points: 1 }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /when: .*audince/,
  },
  {
    name: 'a condition that fails at run time on an absent optional field',
    mutate: addRule({ when: 'app.retentionDays > 10', points: 1 }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /when: fails at run time \(.*retentionDays.*\); guard optional fields with has\(app\.field\)/,
  },
  {
    name: 'a rule id used in two files',
    mutate: addRule({ id: 'uses-ai', when: 'app.usesAI', points: 2 }),
    file: 'rules/zz-bad.yaml',
    rule: 'uses-ai',
    says: /id is already used in .*rules[\\/]ai\.yaml; rule ids must be unique/,
  },
  {
    name: 'routing to a role missing from roles.yaml',
    mutate: editYaml<PolicyFile>('policy.yaml', (doc) => (doc.routing['2']!.approvals[0]!.role = 'team-lead')),
    file: 'policy.yaml',
    says: /routing\.2: role "team-lead" is not defined in roles\.yaml/,
  },
  {
    name: 'a rule approval by a role missing from roles.yaml',
    mutate: addRule({ when: 'app.usesAI', require: { approvals: [{ role: 'legal', count: 1 }] } }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /require\.approvals: role "legal" is not defined in roles\.yaml/,
  },
  {
    name: 'tiers out of order',
    mutate: editYaml<PolicyFile>('policy.yaml', (doc) => doc.tiers.reverse()),
    file: 'policy.yaml',
    says: /tiers: list tiers 1, 2 and 3, in order/,
  },
  {
    name: 'tier scores that do not rise',
    mutate: editYaml<PolicyFile>('policy.yaml', (doc) => (doc.tiers[1]!.maxScore = 2)),
    file: 'policy.yaml',
    says: /tiers: maxScore must rise from tier to tier/,
  },
  {
    name: 'a missing catalog.yaml',
    mutate: (dir) => rmSync(join(dir, 'catalog.yaml')),
    file: 'catalog.yaml',
    says: /file is missing or unreadable/,
  },
  {
    name: 'a required control that is not a control',
    mutate: addRule({ when: 'app.usesAI', require: { controls: ['firewall'] } }),
    file: 'rules/zz-bad.yaml',
    rule: 'bad-rule',
    says: /require\.controls\.0: controls are: encryption, dlp, logging/,
  },
];

describe('loadPolicy rejects a bad policy with policy.invalid, naming file, rule and problem', () => {
  test('the shipped policy loads', async () => {
    await expect(loadPolicy(policyCopy())).resolves.toMatchObject({ dir: expect.any(String) });
  });

  test.each(BAD_POLICIES)('$name', async ({ mutate, file, rule, says }) => {
    const dir = policyCopy(mutate);
    const path = join(dir, file);
    const problems = await problemsOf(dir);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.startsWith(`${path}:`)).toBe(true);
    const afterPath = problems.map((p) => p.slice(path.length));
    expect(afterPath).toContainEqual(expect.stringMatching(says));
    if (rule) expect(afterPath.find((p) => says.test(p))).toMatch(new RegExp(`^: rule "${escapeRegExp(rule)}": `));
  });

  test('several problems in several files are all listed', async () => {
    const dir = policyCopy((d) => {
      addRule({ when: 'app.usesAi', points: 1 }, 'zz-typo.yaml')(d);
      addRule({ id: 'no-effect', when: 'app.usesAI' }, 'zz-empty.yaml')(d);
      rmSync(join(d, 'catalog.yaml'));
    });
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${escapeRegExp(join(dir, 'catalog.yaml'))}: file is missing`)),
        expect.stringMatching(
          new RegExp(`^${escapeRegExp(join(dir, 'rules', 'zz-typo.yaml'))}: rule "bad-rule": when: .*usesAi`),
        ),
        expect.stringMatching(
          new RegExp(
            `^${escapeRegExp(join(dir, 'rules', 'zz-empty.yaml'))}: rule "no-effect": a rule needs one effect`,
          ),
        ),
      ]),
    );
  });
});

describe('the policy version', () => {
  const POLICY_FILES = [
    'policy.yaml',
    'roles.yaml',
    'catalog.yaml',
    ...readdirSync(join(POLICY_DIR, 'rules')).map((f) => `rules/${f}`),
  ];

  test('is the version in policy.yaml plus a content hash that does not depend on where the files are', async () => {
    const declared = (parse(readFileSync(join(POLICY_DIR, 'policy.yaml'), 'utf8')) as { version: string }).version;
    const [a, b] = await Promise.all([loadPolicy(policyCopy()), loadPolicy(policyCopy())]);
    expect(a.dir).not.toBe(b.dir);
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(new RegExp(`^${escapeRegExp(declared)}\\+[0-9a-f]{8}$`));
  });

  test.each(POLICY_FILES)('changes when %s changes, even by a comment', async (file) => {
    const base = await loadPolicy(policyCopy());
    const edited = await loadPolicy(policyCopy((dir) => appendFileSync(join(dir, file), '\n# edited\n')));
    expect(edited.version).not.toBe(base.version);
    expect(edited.version.split('+')[0]).toBe(base.version.split('+')[0]);
  });

  test('changes when a rules file is added', async () => {
    const base = await loadPolicy(policyCopy());
    const added = await loadPolicy(
      policyCopy(addRule({ id: 'extra-rule', when: 'app.usesAI', points: 1 }, 'zz-extra.yaml')),
    );
    expect(added.rules.map((r) => r.id)).toContain('extra-rule');
    expect(added.version).not.toBe(base.version);
  });
});
