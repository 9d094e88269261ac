import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1, tier2, tier3 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR, policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);

describe('policy commands', () => {
  const env = { POLICY_DIR };
  const dir = manifestDir({
    'app.yaml': tier3(),
    'short.yaml': tier2({ backupOwner: undefined }),
    'banned.yaml': tier1({ financialTransactions: true }),
    'sheet.yaml': tier1({ integrations: [{ system: 'Google Sheet', access: 'read', requiresSecret: false }] }),
    'sheets.yaml': tier1({ integrations: [{ system: 'google SHEETS', access: 'read', requiresSecret: false }] }),
    'secret.yaml': tier1({ purpose: 'Uses ' + ['sk', 'live', 'a1B2c3D4e5F6g7H8i9J0k1L2'].join('_') }),
    'bad.yaml': ': : :\n  - [',
  });

  test('policy check reports a valid policy', async () => {
    const r = await cli(['policy', 'check'], env, dir);
    expect(r).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Policy 2026\.11\+[0-9a-f]{8} .* is valid: \d+ rules/),
    });
  });

  test('policy check names the file, the rule and the problem, and exits 2', async () => {
    const broken = policyCopy((d) =>
      writeFileSync(
        join(d, 'rules', 'zz.yaml'),
        'rules:\n  - id: typo-rule\n    when: app.audince == "team"\n    points: 2\n    message: m\n    fix: f\n',
      ),
    );
    const r = await cli(['policy', 'check'], { POLICY_DIR: broken }, dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rules\/zz\.yaml: rule "typo-rule": when: .*audince/);
  });

  test('policy check warns about roles nobody holds, and --strict fails on the shipped roles naming them', async () => {
    const r = await cli(['policy', 'check'], env, dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'warning: nobody holds "reviewer": tier-2 apps cannot be approved; add people to roles.reviewer.members in roles.yaml.',
    );
    expect(r.err).toContain('warning: nobody holds "security": tier-3 apps cannot be approved');
    expect(r.err).toContain('warning: nobody holds "platform": tier-3 apps cannot be approved');
    expect(r.err).toContain('warning: nobody holds "admin"');
    const strict = await cli(['policy', 'check', '--strict'], env, dir);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/--strict: \d+ warnings fail the check/);
    expect(strict.err).not.toMatch(/\(s\)/);
    const staffed = await cli(['policy', 'check', '--strict'], { POLICY_DIR: policyCopy() }, dir);
    expect(staffed).toMatchObject({ code: 0, err: '' });
  });

  test('policy test runs the shipped examples and prints the tally', async () => {
    const r = await cli(['policy', 'test'], env, dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+ passed, 0 failed$/m);
  });

  test('policy test exits 1 when an example fails', async () => {
    const broken = policyCopy((d) =>
      writeFileSync(
        join(d, 'tests', 'wrong.yaml'),
        'cases:\n  - name: wrong on purpose\n    manifest: { name: Wrong one, purpose: Checks that failures show., owner: a@example.com, businessUnit: X, audience: personal, expectedUsers: 1, dataClassification: public }\n    expect: { tier: 3 }\n',
      ),
    );
    const r = await cli(['policy', 'test'], { POLICY_DIR: broken }, dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL .*wrong\.yaml: wrong on purpose\n\s+tier: expected 3, got 1/);
  });

  test('policy eval --json prints exactly the documented keys', async () => {
    const r = await cli(['policy', 'eval', 'app.yaml', '--json'], env, dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual([
      'valid',
      'tier',
      'score',
      'decision',
      'requiredApprovals',
      'requiredControls',
      'reasons',
      'policyVersion',
      'shortfalls',
    ]);
    expect(json).toMatchObject({
      valid: true,
      tier: 3,
      decision: 'review',
      requiredApprovals: [
        { role: 'security', count: 1 },
        { role: 'platform', count: 1 },
      ],
      shortfalls: [],
    });
    expect(Object.keys(json.reasons[0])).toEqual(['rule', 'points', 'message', 'fix']);
  });

  test('policy eval speaks as a preview and exits 1 for what register would refuse', async () => {
    const preview = await cli(['policy', 'eval', 'app.yaml'], env, dir);
    expect(preview.code).toBe(0);
    expect(preview.out).toMatch(/^Risk preview: /);
    expect(preview.out).toMatch(/Would need review/);
    expect(preview.out).toMatch(/Nothing was registered/);
    expect(preview.out).not.toMatch(/Reviewers have been asked|you can use it now/);

    const short = await cli(['policy', 'eval', 'short.yaml', '--json'], env, dir);
    expect(short.code).toBe(1);
    expect(JSON.parse(short.out).shortfalls).toEqual([
      { field: 'backupOwner', message: expect.stringMatching(/^Name a backup owner/) },
    ]);
    expect((await cli(['policy', 'eval', 'short.yaml'], env, dir)).out).toMatch(
      /Cannot be registered as written[\s\S]*Still needed[\s\S]*Name a backup owner/,
    );

    const banned = await cli(['policy', 'eval', 'banned.yaml'], env, dir);
    expect(banned.code).toBe(1);
    expect(banned.out).toMatch(/Would not be allowed/);
    expect((await cli(['policy', 'eval', 'banned.yaml', '--json'], env, dir)).code).toBe(1);

    const invalid = await cli(['policy', 'eval', 'secret.yaml', '--json'], env, dir);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.out)).toEqual({
      valid: false,
      shortfalls: [{ field: 'purpose', message: expect.stringMatching(/vault/) }],
    });
  });

  test('systems are recognised by catalog name in any case; a near miss is named with a suggestion', async () => {
    const known = JSON.parse((await cli(['policy', 'eval', 'sheets.yaml', '--json'], env, dir)).out);
    expect(known).toMatchObject({ tier: 1, score: 0, reasons: [] });
    const near = await cli(['policy', 'eval', 'sheet.yaml'], env, dir);
    expect(near.out).toMatch(
      /not in the approved catalog: Google Sheet \(not in the catalog; did you mean Google Sheets\?\)/,
    );
    expect(near.out).not.toMatch(/Apps used by a team/);
  });

  test('policy eval of an invalid manifest prints the reasons and exits 1, without echoing a secret', async () => {
    const r = await cli(['policy', 'eval', 'secret.yaml'], env, dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/purpose: .*vault/);
    expect(r.err + r.out).not.toContain('a1B2c3D4e5F6g7H8i9J0k1L2');
  });

  test('usage and configuration mistakes exit 2 with a clear message', async () => {
    expect(await cli(['policy', 'eval'], env, dir)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Name the manifest/),
    });
    expect(await cli(['policy', 'eval', 'missing.yaml'], env, dir)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Cannot read missing\.yaml/),
    });
    expect(await cli(['policy', 'eval', 'bad.yaml'], env, dir)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/not valid YAML/),
    });
    expect(await cli(['frobnicate'], env, dir)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown command "frobnicate"\.\n\nRun `microapp --help` to see every command\./),
    });
    expect((await cli(['lsit'], env, dir)).err).toMatch(/^Unknown command "lsit"\. Did you mean "list"\?/);
    const colour = await cli(['list', '--colour'], env, dir);
    expect(colour).toMatchObject({ code: 2, err: expect.stringMatching(/colour/) });
    expect(colour.err).toMatch(/\n\nUsage:\n {2}microapp list \[--status S\].*\nSee `microapp list --help`\.\n$/);
    expect(colour.err).not.toMatch(/microapp policy|Exit codes/);
    const evalUsage = (await cli(['policy', 'eval'], env, dir)).err;
    expect(evalUsage).toMatch(
      /Usage:\n {2}microapp policy eval <manifest> \[--json\] .*\nSee `microapp policy eval --help`\.\n$/,
    );
    expect(evalUsage).not.toMatch(/policy check|policy test/);
    const help = await cli(['policy', 'eval', '--help'], env, dir);
    expect(help).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage:\n {2}microapp policy eval <manifest>/) });
    expect(help.out.trim().split('\n')).toHaveLength(2);
    const policyHelp = (await cli(['policy', '--help'], env, dir)).out;
    expect(policyHelp).toMatch(/microapp policy check[\s\S]*microapp policy diff/);
    expect(policyHelp).not.toMatch(/microapp list|microapp register/);
    expect((await cli(['--help'], env, dir)).out).toMatch(/Exit codes/);
    const config = await cli(['list'], { PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, dir);
    expect(config.code).toBe(2);
    expect(config.err).toMatch(/PORT .*port number/);
    expect(config.err).toMatch(/DATABASE_URL .*postgres:\/\//);
    expect(config.err).toMatch(/LOG_LEVEL .*debug, info, warn, error/);
  });
});

for (const dialect of DIALECTS) {
  describe(`registry commands on ${dialect}`, () => {
    let env: NodeJS.ProcessEnv;
    let drop: () => Promise<void>;
    const dir = manifestDir({
      'one.yaml': tier1({ owner: undefined }),
      'two.yaml': tier2({ name: '=HYPERLINK("http://x")' }),
      'nope.yaml': tier1({ name: 'Pay bot', financialTransactions: true }),
      'short.yaml': tier2({ name: 'Short one', backupOwner: undefined }),
      'full.yaml': tier2({
        name: 'Full one',
        integrations: [{ system: 'Jira', access: 'write', requiresSecret: false }],
        thirdPartyLibraries: ['chart.js@4.4.1'],
        productionEndpoints: ['https://full.example.com'],
        requestedScopes: ['Files.Read'],
      }),
    });
    beforeEach(async () => {
      const db = await createTestDatabase(dialect);
      drop = db.drop;
      env = { POLICY_DIR, DATABASE_URL: url(db.target) };
    });
    afterEach(() => drop());

    test('show prints everything declared, in words and as JSON', async () => {
      await cli(['register', '--file', 'full.yaml'], env, dir);
      const shown = await cli(['show', 'full', 'one'], env, dir);
      expect(shown.code).toBe(0);
      for (const fact of [
        'Full one: Waiting for review',
        'Jira: reads and changes data',
        'chart.js@4.4.1',
        'https://full.example.com',
        'Files.Read',
        'Turn the rule off and delete the sheet.',
        'Logging',
      ])
        expect(shown.out).toContain(fact);
      const json = JSON.parse((await cli(['show', 'Full one', '--json'], env, dir)).out);
      expect(json).toMatchObject({
        name: 'Full one',
        status: 'pending_review',
        revision: 1,
        manifest: {
          integrations: [{ system: 'jira', access: 'write', requiresSecret: false }],
          thirdPartyLibraries: ['chart.js@4.4.1'],
          requestedScopes: ['Files.Read'],
        },
        review: { status: 'open' },
      });
      expect(await cli(['show', 'Nothing here'], env, dir)).toMatchObject({
        code: 2,
        err: 'No app called "Nothing here". Check the spelling, or list the apps.\n',
      });
    });

    test('register, list, export and audit verify share one registry', async () => {
      const one = await cli(['register', '--file', 'one.yaml', '--owner', 'ana@example.com'], env, dir);
      expect(one).toMatchObject({ code: 0, out: expect.stringMatching(/Registered "Notes tidier" .*: Approved\./) });
      expect((await cli(['register', '-f', 'two.yaml', '--json'], env, dir)).out).toMatch(/"status": "pending_review"/);
      const nope = await cli(['register', '--file', 'nope.yaml'], env, dir);
      expect(nope).toMatchObject({ code: 1, out: expect.stringMatching(/Not allowed/) });

      const listed = await cli(['list'], env, dir);
      expect(listed.out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+TIER\s+OWNER\s+EXPIRES \(UTC\)$/);
      const expiry = new Date(Date.now() + 365 * 86_400_000).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
      expect(listed.out).toMatch(new RegExp(`^Notes tidier\\s+Approved\\s+1\\s+ana@example\\.com\\s+${expiry}$`, 'm'));
      const pending = JSON.parse((await cli(['list', '--status', 'pending_review', '--json'], env, dir)).out);
      expect(pending.apps.map((a: { name: string }) => a.name)).toEqual(['=HYPERLINK("http://x")']);
      expect(await cli(['list', '--status', 'lost'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/--status must be one of/),
      });

      const csv = await cli(['export', '--format', 'csv'], env, dir);
      expect(csv.out.split('\n')[0]).toBe(
        'id,name,status,tier,score,owner,ownerName,ownerEmail,backupOwner,backupOwnerName,backupOwnerEmail,businessUnit,expiresAt,createdAt,updatedAt,purpose,audience,expectedUsers,builtWith,externalRefs,repository,repositoryOwnerId,dataClassification,dataTypes,integrations,thirdPartyLibraries,productionEndpoints,requestedScopes,retentionDays,usesAI,aiOutputsExternal,humanReviewOfOutputs,automatedDecisionsAboutPeople,directProductionDbAccess,impersonatesEmployees,financialTransactions,healthEndpoint,decommissionPlan,controls',
      );
      expect(csv.out).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(csv.out).not.toMatch(/,=HYPERLINK/);
      const json = JSON.parse((await cli(['export', '--format', 'json'], env, dir)).out);
      expect(json).toHaveLength(3);
      expect(await cli(['export', '--format', 'xml'], env, dir)).toMatchObject({ code: 2 });

      expect(await cli(['audit', 'verify'], env, dir)).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^Audit log OK: 6 events/),
      });
    });

    test('with TIME_ZONE set, list, show and a sweep preview write dates on that zone’s calendar and name it', async () => {
      const berlin = { ...env, TIME_ZONE: 'Europe/Berlin' };
      expect((await cli(['register', '--file', 'one.yaml', '--owner', 'ana@example.com'], berlin, dir)).code).toBe(0);
      const listed = await cli(['list'], berlin, dir);
      expect(listed.out.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+TIER\s+OWNER\s+EXPIRES \(Europe\/Berlin\)$/);
      const expiresAt = JSON.parse((await cli(['list', '--json'], berlin, dir)).out).apps[0].expiresAt;
      const berlinDay = new Date(expiresAt).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'Europe/Berlin',
      });
      expect(listed.out).toMatch(
        new RegExp(`^Notes tidier\\s+Approved\\s+1\\s+ana@example\\.com\\s+${berlinDay}$`, 'm'),
      );
      expect((await cli(['show', 'Notes tidier'], berlin, dir)).out).toMatch(/Dates are in Europe\/Berlin\.\n$/);

      const lateEvening = ['reminders', 'preview', '--at', '2027-12-06T23:30:00Z'];
      expect((await cli(lateEvening, berlin, dir)).out).toContain('A sweep at 7 Dec 2027, 00:30 Europe/Berlin');
      expect((await cli(lateEvening, env, dir)).out).toContain('A sweep at 6 Dec 2027, 23:30 UTC');
      expect(await cli(['list'], { ...env, TIME_ZONE: 'Mars/Olympus' }, dir)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/TIME_ZONE must be an IANA time zone name/),
      });
    });

    test('register refuses a credential in the app name without printing it, in words or as JSON, and stores nothing', async () => {
      const secrets = [
        'Sync ' + ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-'),
        'Export pw: ' + 'Summer' + '2024!',
        'https://hooks.slack.com/services/T' + '0A1B2C3D4/B0A1B2C3D4E/' + 'q8W3e5R7t9Y1u3I5o7P9a1S3',
      ];
      secrets.forEach((name, i) => void writeFileSync(join(dir, `named-${i}.yaml`), JSON.stringify(tier1({ name }))));
      for (const [i, name] of secrets.entries()) {
        for (const json of [[], ['--json']]) {
          const r = await cli(['register', '--file', `named-${i}.yaml`, ...json], env, dir);
          expect(r.code).toBe(1);
          expect(r.err).toMatch(/name: .*vault/);
          expect(r.out + r.err).not.toContain(name.split(' ').pop());
        }
      }
      expect((await cli(['list', '--json'], env, dir)).out).toMatch(/"apps": \[\]/);
    });

    test('register lists every missing requirement and stores nothing', async () => {
      const r = await cli(['register', '--file', 'short.yaml'], env, dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/backupOwner: Name a backup owner who can take over if you leave\. Medium-risk apps need/);
      expect((await cli(['list', '--json'], env, dir)).out).toMatch(/"apps": \[\]/);
    });
  });
}
