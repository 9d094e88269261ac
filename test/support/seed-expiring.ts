import { randomUUID } from 'node:crypto';
import type { Registry } from '../../src/ports/registry';

/**
 * Writes `count` approved apps ("<prefix> <n>") owned by `owners` in turn, all expiring at `expiresAt`,
 * in one transaction. They last reported use 60 days before expiry, so around it only their
 * re-certification is due, never the inactivity question. Their rows are written now (`updatedAt`),
 * as the registry's own writes are, so a running bot's next sweep plans them.
 */
export async function seedExpiringApps(
  registry: Registry,
  count: number,
  owners: string[],
  expiresAt: string,
  prefix = 'Seeded app',
): Promise<void> {
  const at = '2026-11-23T10:00:00.000Z';
  const now = new Date().toISOString();
  await registry.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const revision = randomUUID();
      await tx.apps.insert({
        id: randomUUID(),
        name: `${prefix} ${i}`,
        status: 'approved',
        owner: owners[i % owners.length]!,
        businessUnit: 'Operations',
        tier: 1,
        score: 1,
        currentRevisionId: revision,
        approvedRevisionId: revision,
        expiresAt,
        lastActiveAt: new Date(Date.parse(expiresAt) - 60 * 86_400_000).toISOString(),
        createdAt: at,
        updatedAt: now,
      });
    }
  });
}
