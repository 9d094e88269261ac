import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { GateResult } from '../../src/app/gate/check-gate';
import type { DatabaseTarget } from '../../src/store/database-target';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1, tier2, tier3 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const bom = (...names: string[]) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    components: names.map((n) => ({ type: 'library', name: n, version: '1.0.0', purl: `pkg:npm/${n}@1.0.0` })),
  });

for (const dialect of DIALECTS) {
  test(`microapp gate on ${dialect}: every finding, with its fix, in words and JSON, and the exit codes`, async () => {
    const db = await createTestDatabase(dialect);
    const env = { POLICY_DIR, DATABASE_URL: url(db.target) };
    const dir = manifestDir({
      'microapp.yaml': tier1({ thirdPartyLibraries: ['express@4.19.2', 'pkg:npm/zod'] }),
      'bom.json': bom('express', 'zod'),
      'bad-bom.json': bom('express', 'zod', 'left-pad'),
      'team.yaml': tier2(),
      'big.yaml': tier3(),
    });
    const write = (file: string, value: unknown) => writeFileSync(join(dir, file), stringify(value));
    const gate = async (...args: string[]) => {
      const r = await cli(['gate', ...args, '--json'], env, dir);
      return { code: r.code, result: JSON.parse(r.out || 'null') as GateResult, err: r.err };
    };
    const codes = (r: { result: GateResult }) => r.result.findings.map((f) => f.code);
    const registry = await createKyselyRegistry(db.target);
    try {
      const unknown = await cli(['gate', '--file', 'microapp.yaml'], env, dir);
      expect(unknown).toMatchObject({ code: 1 });
      expect(unknown.out).toBe(
        'FAIL: this build may not ship.\n  - not_registered: No app named "Notes tidier" is registered.\n    Fix: Register it: microapp register --file microapp.yaml (or /microapp register in Slack, "register" in Teams).\n',
      );
      expect((await cli(['register', '--file', 'microapp.yaml'], env, dir)).code).toBe(0);

      const pass = await gate('--file', 'microapp.yaml', '--sbom', 'bom.json');
      expect(pass).toMatchObject({
        code: 0,
        result: { result: 'pass', findings: [], app: { name: 'Notes tidier', status: 'approved', tier: 1 } },
      });
      expect(pass.result.unrecorded).toBeUndefined();
      expect((await cli(['gate', '--file', 'microapp.yaml'], env, dir)).out).toMatch(
        /^PASS: "Notes tidier" may ship \(tier 1, approved until \d+ \w+ \d{4}\)\.\n$/,
      );

      const undeclared = await gate('--file', 'microapp.yaml', '--sbom', 'bad-bom.json');
      expect(undeclared.code).toBe(1);
      expect(undeclared.result.findings).toEqual([
        {
          code: 'undeclared_library',
          message: 'The SBOM lists left-pad@1.0.0, which microapp.yaml does not declare.',
          fix: 'Add "left-pad@1.0.0" to thirdPartyLibraries in microapp.yaml and register the change, or remove the library.',
        },
      ]);

      write(
        'microapp.yaml',
        tier1({
          purpose: 'Tidies meeting notes into a summary each Friday.',
          thirdPartyLibraries: ['express@4.19.2', 'pkg:npm/zod'],
        }),
      );
      const minor = await gate('--file', 'microapp.yaml');
      expect(minor).toMatchObject({
        code: 0,
        result: {
          result: 'pass',
          unrecorded: { differences: ['purpose'], record: 'microapp register --file microapp.yaml' },
        },
      });

      write(
        'microapp.yaml',
        tier1({ dataTypes: ['customer'], thirdPartyLibraries: ['express@4.19.2', 'pkg:npm/zod'] }),
      );
      const drift = await gate('--file', 'microapp.yaml');
      expect(codes(drift)).toEqual(['drift', 'sbom_required']);
      expect(drift.result.findings[0]!.message).toMatch(
        /differs from the approved revision 1 in what needs a review: New kinds of data: Customer/,
      );

      const app = (await registry.read((tx) => tx.apps.findByName('Notes tidier')))!;
      for (const [status, code] of [
        ['rejected', 'denied'],
        ['expired', 'expired'],
        ['decommissioned', 'decommissioned'],
      ] as const) {
        await registry.transaction((tx) => tx.apps.update(app.id, { status }));
        expect(codes(await gate('--file', 'microapp.yaml'))).toContain(code);
      }
      await registry.transaction((tx) =>
        tx.apps.update(app.id, { status: 'approved', expiresAt: '2020-01-01T00:00:00.000Z' }),
      );
      expect(codes(await gate('--file', 'microapp.yaml'))).toContain('expired');

      expect((await cli(['register', '--file', 'team.yaml'], env, dir)).code).toBe(0);
      expect(codes(await gate('--file', 'team.yaml'))).toEqual(['pending_review']);
      expect((await cli(['register', '--file', 'big.yaml'], env, dir)).code).toBe(0);
      expect(codes(await gate('--file', 'big.yaml'))).toEqual(['pending_review', 'sbom_required']);
      expect(codes(await gate('--file', 'big.yaml', '--sbom', 'bom.json'))).toEqual([
        'pending_review',
        'undeclared_library',
        'undeclared_library',
      ]);

      write(
        'secret.yaml',
        tier1({
          name: 'Leaky',
          purpose: 'Posts with token xoxb-123456789012-123456789012-abcdefghijABCDEFGHIJklmn to a channel.',
        }),
      );
      const secret = await cli(['gate', '--file', 'secret.yaml', '--json'], env, dir);
      expect(secret.code).toBe(1);
      expect(secret.out).not.toContain('xoxb-123456789012');
      expect(JSON.parse(secret.out)).toMatchObject({
        result: 'fail',
        app: null,
        findings: [{ code: 'invalid', message: expect.stringMatching(/^purpose: /) }],
      });
      write('prohibited.yaml', tier1({ name: 'Payroll bot', impersonatesEmployees: true }));
      expect(codes(await gate('--file', 'prohibited.yaml'))).toEqual(['prohibited', 'not_registered']);

      writeFileSync(join(dir, 'junk.json'), '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": {}}');
      const junk = await gate('--file', 'team.yaml', '--sbom', 'junk.json');
      expect(junk.result.findings).toContainEqual(
        expect.objectContaining({ code: 'invalid', message: '"components" must be a list in a CycloneDX SBOM.' }),
      );
      expect(await cli(['gate', '--file', 'team.yaml', '--sbom', 'nowhere.json'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringContaining('Cannot read the SBOM nowhere.json: no such file.'),
      });
      expect(await cli(['gate'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringContaining('Name the manifest: microapp gate --file microapp.yaml'),
      });
    } finally {
      await registry.close();
      await db.drop();
    }
  });
}
