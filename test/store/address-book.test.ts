import { DIALECTS, createTestRegistry } from '../support/test-databases';

for (const dialect of DIALECTS) {
  describe(`address book on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    const at = '2026-12-07T09:00:00.000Z';

    test('getMany finds the stored addresses among many keys, of one platform only, by key', async () => {
      const keys = Array.from({ length: 1_200 }, (_, i) => `user:${i}`);
      for (const key of keys.filter((_, i) => i % 100 === 7))
        await registry.addresses.put('teams', key, `a-${key}`, at);
      await registry.addresses.put('slack', 'user:8', 'slack-only', at);
      await registry.addresses.put('teams', 'user:7', 'rewritten', at);

      const found = await registry.addresses.getMany('teams', [...keys, 'user:7', 'user:missing']);
      expect([...found.keys()].sort()).toEqual(keys.filter((_, i) => i % 100 === 7).sort());
      expect(found.get('user:7')).toEqual({ key: 'user:7', address: 'rewritten', updatedAt: at });
      expect(found.get('user:1107')?.address).toBe('a-user:1107');
      expect(found.has('user:8')).toBe(false);
      expect((await registry.addresses.getMany('teams', [])).size).toBe(0);
    });
  });
}
