import type { ChainVerdict } from '../../domain/audit';
import { createChainVerifier } from '../../domain/audit';
import type { Registry } from '../../ports/registry';

const PAGE = 1000;

/**
 * Walks the audit log in pages up to the head recorded when the walk began (the next page is asked
 * for while this one is checked), and reports the first broken link, or OK with the count. Events appended during the walk are left for the next run; an
 * event beyond the head that no later head accounts for is reported (the head was cut back).
 */
export async function verifyAudit(registry: Pick<Registry, 'audit'>): Promise<ChainVerdict> {
  const verifier = createChainVerifier();
  const head = await registry.audit.head();
  if (!head)
    return {
      ok: false,
      seq: 0,
      problem: 'the record of where the log ends (the audit_head row) is missing: it was deleted',
      checked: 0,
    };
  const page = (after: number) =>
    after < head.seq ? registry.audit.events(after, Math.min(PAGE, head.seq - after)) : Promise.resolve([]);
  let next = page(0);
  for (;;) {
    const events = (await next).filter((e) => e.seq <= head.seq);
    if (events.length === 0) break;
    next = page(events.at(-1)!.seq);
    for (const event of events)
      if (!verifier.add(event)) {
        await next.catch(() => undefined);
        return verifier.finish(head);
      }
  }
  const verdict = verifier.finish(head);
  const [beyond] = await registry.audit.events(head.seq, 1);
  if (verdict.ok && beyond && beyond.seq > ((await registry.audit.head())?.seq ?? 0)) {
    return {
      ok: false,
      seq: beyond.seq,
      problem: `event ${beyond.seq} lies beyond the recorded end of the log (${head.seq})`,
      checked: head.seq,
    };
  }
  return verdict;
}
