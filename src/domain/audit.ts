import { createHash } from 'node:crypto';
import type { Actor } from './actor';

/** What a use case records about a state change. Never holds secrets. */
export interface AuditInput {
  actor: Actor;
  action: string;
  targetType: 'app' | 'review' | 'policy' | 'route' | 'discovered_item' | 'api_token' | 'person' | 'siem_sink';
  targetId: string;
  outcome: 'success' | 'refused';
  reason?: string;
  policyVersion?: string;
  riskScore?: number;
  details?: Record<string, string | number | boolean | null>;
}

/** A stored, chained audit event. */
export interface AuditEvent {
  seq: number;
  id: string;
  at: string;
  actorPlatform: string;
  actorTenant: string | null;
  actorUser: string;
  action: string;
  targetType: string;
  targetId: string;
  outcome: string;
  reason: string | null;
  policyVersion: string | null;
  riskScore: number | null;
  details: string;
  prevHash: string;
  hash: string;
}

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace, so equal events hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** An event's fields but the hashes, in canonical (sorted) order. */
const BODY_FIELDS = [
  'action',
  'actorPlatform',
  'actorTenant',
  'actorUser',
  'at',
  'details',
  'id',
  'outcome',
  'policyVersion',
  'reason',
  'riskScore',
  'seq',
  'targetId',
  'targetType',
] as const;

/**
 * `canonicalJson` of an event without its hashes, fast for the known shape (a full verification
 * hashes millions): the fields copied in sorted order, which `JSON.stringify` keeps. Any other shape
 * (another field, a nested value) takes the general path.
 */
function eventBodyJson(event: Record<string, unknown>): string {
  let fields = 0;
  for (const key in event) if (key !== 'hash' && key !== 'prevHash') fields += 1;
  const sorted: Record<string, unknown> = {};
  let copied = 0;
  for (const key of BODY_FIELDS) {
    if (!(key in event)) continue;
    const value = event[key];
    if (value !== null && typeof value === 'object') break;
    sorted[key] = value;
    copied += 1;
  }
  if (copied === fields) return JSON.stringify(sorted);
  const { prevHash: _prev, hash: _stored, ...body } = event;
  return canonicalJson(body);
}

/** `sha256(prev_hash || canonical_json(event))` over every field but the hashes themselves. */
export function hashEvent(event: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  return createHash('sha256')
    .update(event.prevHash)
    .update(eventBodyJson(event as unknown as Record<string, unknown>))
    .digest('hex');
}

/** Where a chain breaks, or that it holds. */
export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; seq: number; problem: string; checked: number };

/** Checks events in stored order; call `add` for each, then `finish` with the recorded head. */
export function createChainVerifier() {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let broken: ChainVerdict | undefined;
  return {
    add(event: AuditEvent): boolean {
      if (broken) return false;
      const fail = (problem: string) => {
        broken = { ok: false, seq: event.seq, problem, checked: expectedSeq - 1 };
        return false;
      };
      if (event.seq !== expectedSeq) {
        return fail(
          event.seq > expectedSeq
            ? `event ${expectedSeq} is missing (deleted?)`
            : `event ${event.seq} appears out of order`,
        );
      }
      if (event.prevHash !== prevHash)
        return fail(
          `event ${event.seq} does not follow event ${event.seq - 1} (deleted, inserted or reordered events)`,
        );
      if (hashEvent(event) !== event.hash) return fail(`event ${event.seq} was changed after it was written`);
      prevHash = event.hash;
      expectedSeq += 1;
      return true;
    },
    finish(head: { seq: number; hash: string }): ChainVerdict {
      if (broken) return broken;
      const count = expectedSeq - 1;
      if (head.seq === count && head.hash !== prevHash) {
        return {
          ok: false,
          seq: count,
          problem: `the recorded end of the log does not match event ${count}'s hash (the audit_head row was altered)`,
          checked: count,
        };
      }
      if (head.seq !== count) {
        return {
          ok: false,
          seq: count + 1,
          problem: `the log ends at event ${count} but ${head.seq} were recorded (events removed from the end?)`,
          checked: count,
        };
      }
      return { ok: true, count, headHash: prevHash };
    },
  };
}
