import { DIALECTS, createTestRegistry } from '../support/test-databases';

for (const dialect of DIALECTS) {
  describe(`role groups store on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    const store = () => registry.roleGroups;
    const at = (minute: number) => `2026-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`;

    test('members round-trip with optional fields absent, each member once, and a read replaces them all', async () => {
      await store().saveMembers(
        'entra-group:aaaaaaaa-0000-4000-8000-000000000001',
        [
          { ref: 'teams:a1', email: 'rae@example.com', displayName: 'Rae Reviewer' },
          { ref: 'teams:a2' },
          { ref: 'TEAMS:A1', displayName: 'Rae again' },
          { email: 'una@example.com' },
        ],
        at(0),
      );
      await store().saveMembers('slack-group:@reviewers', [{ ref: 'slack:U1' }], at(1));
      expect(await store().list()).toEqual([
        {
          key: 'entra-group:aaaaaaaa-0000-4000-8000-000000000001',
          members: [
            { ref: 'teams:a1', email: 'rae@example.com', displayName: 'Rae Reviewer' },
            { ref: 'teams:a2' },
            { email: 'una@example.com' },
          ],
          readAt: at(0),
          attemptedAt: at(0),
        },
        { key: 'slack-group:@reviewers', members: [{ ref: 'slack:U1' }], readAt: at(1), attemptedAt: at(1) },
      ]);

      await store().saveMembers('slack-group:@reviewers', [{ ref: 'slack:U2' }, { ref: 'slack:U3' }], at(2));
      expect((await store().list()).find((s) => s.key === 'slack-group:@reviewers')!.members).toEqual([
        { ref: 'slack:U2' },
        { ref: 'slack:U3' },
      ]);
    });

    test('a failed read keeps the members last read and records the problem until the next good read', async () => {
      await store().saveMembers('slack-group:S0123ABCD', [{ ref: 'slack:U1' }], at(0));
      await store().saveFailure('slack-group:S0123ABCD', { problem: 'no scope', fix: 'add usergroups:read' }, at(5));
      await store().saveFailure(
        'entra-group:bbbbbbbb-0000-4000-8000-000000000002',
        { problem: 'forbidden', fix: 'grant' },
        at(5),
      );
      expect(await store().list()).toEqual([
        {
          key: 'entra-group:bbbbbbbb-0000-4000-8000-000000000002',
          members: [],
          attemptedAt: at(5),
          problem: 'forbidden',
          fix: 'grant',
        },
        {
          key: 'slack-group:S0123ABCD',
          members: [{ ref: 'slack:U1' }],
          readAt: at(0),
          attemptedAt: at(5),
          problem: 'no scope',
          fix: 'add usergroups:read',
        },
      ]);
      await store().saveMembers('slack-group:S0123ABCD', [], at(9));
      expect((await store().list()).find((s) => s.key === 'slack-group:S0123ABCD')).toEqual({
        key: 'slack-group:S0123ABCD',
        members: [],
        readAt: at(9),
        attemptedAt: at(9),
      });
    });

    test('a group of thousands is stored in one read', async () => {
      const members = Array.from({ length: 4500 }, (_, i) => ({ ref: `teams:${String(i).padStart(5, '0')}` }));
      await store().saveMembers('entra-group:cccccccc-0000-4000-8000-000000000003', members, at(0));
      expect((await store().list())[0]!.members).toHaveLength(4500);
    });
  });
}
