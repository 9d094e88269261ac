import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import { tier1, tier3 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';

const cli: Actor = { platform: 'cli', userId: 'ops' };

for (const dialect of DIALECTS) {
  describe(`revision manifests on ${dialect}`, () => {
    let registry: Registry;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    test('reads the manifests of several revisions in one go, by revision id; unknown ids and no ids give nothing', async () => {
      const core = testCore(registry, await loadTestPolicy(), { now: () => new Date() });
      const a = await core.submitRegistration(tier1(), cli);
      const b = await core.submitRegistration(tier3({ name: 'Renewal nudger' }), cli);
      const ids = [a.revision.id, b.revision.id];
      const manifests = await registry.read((tx) =>
        tx.revisions.manifests([...ids, '00000000-0000-4000-8000-000000000000']),
      );
      expect([...manifests.keys()].sort()).toEqual([...ids].sort());
      expect(manifests.get(a.revision.id)).toEqual(a.revision.manifest);
      expect(manifests.get(b.revision.id)).toEqual(
        (await registry.read((tx) => tx.revisions.find(b.revision.id)))!.manifest,
      );
      expect(await registry.read((tx) => tx.revisions.manifests([]))).toEqual(new Map());
    });
  });
}
