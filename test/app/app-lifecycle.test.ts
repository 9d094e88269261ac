import { testCore } from '../support/test-core';
import { refusal } from '../support/refusal';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../src/domain/actor';
import { loadPolicy } from '../../src/policy/load-policy';
import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { tier1, tier2 } from '../support/manifests';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy, policyCopy } from '../support/test-policy';

const slack = (userId: string): Actor => ({ platform: 'slack', userId });
const owner = slack('UOWNER');
const stranger = slack('USTRANGER');

for (const dialect of DIALECTS) {
  describe(`re-certify, transfer and decommission on ${dialect}`, () => {
    let registry: Registry;
    let policy: Policy;
    let now: Date;
    let core: ReturnType<typeof testCore>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      policy = await loadTestPolicy();
      now = new Date('2026-11-21T10:00:00.000Z');
      core = testCore(registry, () => policy, { now: () => now });
    });
    afterEach(() => registry.close());
    const actions = async () => (await registry.audit.events(0, 100)).map((e) => `${e.action}:${e.actorUser}`);

    test('the owner re-certifies an approved app: a new expiry one period from now, audited', async () => {
      await core.submitRegistration(tier1(), owner);
      now = new Date('2027-11-01T10:00:00.000Z');
      const renewed = await core.recertifyApp('notes tidier', owner);
      expect(renewed).toMatchObject({ status: 'approved', expiresAt: '2028-10-31T10:00:00.000Z' });
      expect(await actions()).toContain('app.recertified:slack:UOWNER');
    });

    test('someone else cannot re-certify, and a pending app cannot be re-certified', async () => {
      await core.submitRegistration(tier1(), owner);
      expect((await refusal(core.recertifyApp('Notes tidier', stranger))).code).toBe('app.not_owner');
      await core.submitRegistration(tier2(), owner);
      expect((await refusal(core.recertifyApp('Inbox router', owner))).code).toBe('app.wrong_status');
      expect((await refusal(core.recertifyApp('Nope', owner))).code).toBe('app.not_found');
    });

    test("when today's policy rates the app higher, re-certifying asks for a fresh review", async () => {
      await core.submitRegistration(tier1({ usesAI: true }), owner);
      policy = await loadPolicy(
        policyCopy((dir) =>
          writeFileSync(
            join(dir, 'rules', 'ai.yaml'),
            'rules:\n  - id: uses-ai\n    when: app.usesAI\n    points: 5\n    message: This app calls an AI model.\n    fix: Use an approved AI service.\n',
          ),
        ),
      );
      const e = await refusal(core.recertifyApp('Notes tidier', owner));
      expect(e.code).toBe('app.needs_review');
      expect(e.message).toMatch(/tier 2/);
    });

    test('transfer hands the app over, swapping with the backup owner when they take it', async () => {
      await core.submitRegistration(tier2(), owner);
      expect((await refusal(core.transferApp('Inbox router', 'slack:UNEW', stranger))).code).toBe('app.not_owner');
      const moved = await core.transferApp('Inbox router', 'slack:UBACKUP', owner);
      expect(moved).toMatchObject({
        previousOwner: 'slack:UOWNER',
        app: { owner: 'slack:UBACKUP', backupOwner: 'slack:UOWNER' },
      });
      expect((await registry.apps.find('Inbox router'))?.owner).toBe('slack:UBACKUP');
      expect(await actions()).toContain('app.transferred:slack:UOWNER');
    });

    test('decommissioning needs both confirmations, then retires the app for good', async () => {
      await core.submitRegistration(tier1(), owner);
      const missing = await refusal(
        core.decommissionApp('Notes tidier', { planCarriedOut: true, dataPurged: false }, owner),
      );
      expect(missing.details.fieldErrors?.map((f) => f.field)).toEqual(['dataPurged']);
      const retired = await core.decommissionApp(
        'Notes tidier',
        { planCarriedOut: true, dataPurged: true, note: 'Sheet deleted' },
        owner,
      );
      expect(retired.status).toBe('decommissioned');
      expect(
        (await refusal(core.decommissionApp('Notes tidier', { planCarriedOut: true, dataPurged: true }, owner))).code,
      ).toBe('app.wrong_status');
      expect((await core.verifyAudit()).ok).toBe(true);
    });
  });
}
