import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../src/domain/audit';
import { canonicalJson, hashEvent } from '../../src/domain/audit';

/** The definition: sha256(prev_hash || canonical_json(every field but the hashes)). */
function reference(event: Record<string, unknown>): string {
  const { prevHash, hash: _hash, ...body } = event;
  return createHash('sha256').update(String(prevHash)).update(canonicalJson(body)).digest('hex');
}

const event: Omit<AuditEvent, 'hash'> = {
  seq: 7,
  id: '00000000-0000-4000-b000-000000000007',
  at: '2026-12-07T10:00:00.000Z',
  actorPlatform: 'slack',
  actorTenant: null,
  actorUser: 'slack:U1',
  action: 'review.approved',
  targetType: 'review',
  targetId: 'r-1',
  outcome: 'success',
  reason: 'Quotes " and \\ back\u0000slash, \n new lines, \ud800 a lone surrogate, emoji 🎉 and é',
  policyVersion: '2026.11+abc',
  riskScore: 0,
  details: '{"n":1}',
  prevHash: 'f'.repeat(64),
};

test('an event hashes as its definition says, whatever its text, and a stored chain keeps its hashes', () => {
  expect(hashEvent(event)).toBe(reference(event));
  expect(hashEvent({ ...event, hash: 'x' } as AuditEvent)).toBe(reference(event));
  expect(hashEvent(event)).toBe('ddad351fe47a1cd500614c8dd08dc2582a9094fa7e0a259dfa9609fdad302ba1');
});

test('another shape (a field missing, undefined, added, or nested) hashes by the general definition', () => {
  const { reason: _reason, ...missing } = event;
  const shapes: Record<string, unknown>[] = [
    missing,
    { ...event, reason: undefined },
    { ...event, extra: 'x' },
    { ...event, details: { n: 1, a: [2, { b: null }] } },
    { ...event, riskScore: -1.5e-7 },
  ];
  for (const shape of shapes) expect(hashEvent(shape as Omit<AuditEvent, 'hash'>)).toBe(reference(shape));
});
