import { DIALECTS, createTestRegistry } from '../support/test-databases';

for (const dialect of DIALECTS) {
  describe(`dashboard links and sessions store on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    const at = (minute: number) => new Date(Date.UTC(2026, 11, 8, 9, minute)).toISOString();
    const link = (hash: string, createdMinute: number) => ({
      tokenHash: hash,
      email: 'ana@example.com',
      createdBy: 'cli:tester',
      createdAt: at(createdMinute),
      expiresAt: at(createdMinute + 15),
    });

    test('a link is used once, only before it expires; its record says when it was used', async () => {
      await registry.transaction(async (tx) => {
        await tx.webAccess.insertLink(link('a'.repeat(64), 0));
        await tx.webAccess.insertLink(link('b'.repeat(64), 0));
      });
      const use = (hash: string, minute: number) =>
        registry.transaction((tx) => tx.webAccess.useLink(hash, at(minute)));
      expect(await use('a'.repeat(64), 14)).toBe('ana@example.com');
      expect(await use('a'.repeat(64), 14)).toBeUndefined();
      expect(await registry.read((tx) => tx.webAccess.findLink('a'.repeat(64)))).toMatchObject({ usedAt: at(14) });
      expect(await use('b'.repeat(64), 15)).toBeUndefined();
      expect(await use('c'.repeat(64), 1)).toBeUndefined();
    });

    test('a session is found until it expires and not after it is deleted; ended ones are purged', async () => {
      await registry.transaction(async (tx) => {
        await tx.webAccess.insertSession({
          idHash: 's1',
          email: 'ana@example.com',
          createdAt: at(0),
          expiresAt: at(30),
        });
        await tx.webAccess.insertSession({
          idHash: 's2',
          email: 'ana@example.com',
          createdAt: at(0),
          expiresAt: at(50),
        });
        await tx.webAccess.insertLink(link('d'.repeat(64), 0));
      });
      const find = (id: string, minute: number) => registry.read((tx) => tx.webAccess.findSession(id, at(minute)));
      expect(await find('s1', 29)).toMatchObject({ email: 'ana@example.com', expiresAt: at(30) });
      expect(await find('s1', 30)).toBeUndefined();
      expect(await registry.transaction((tx) => tx.webAccess.deleteSession('s2'))).toBe(true);
      expect(await registry.transaction((tx) => tx.webAccess.deleteSession('s2'))).toBe(false);
      expect(await find('s2', 1)).toBeUndefined();
      expect(await registry.transaction((tx) => tx.webAccess.purgeExpired(at(31)))).toBe(2);
      expect(await registry.read((tx) => tx.webAccess.findLink('d'.repeat(64)))).toBeUndefined();
    });
  });
}
