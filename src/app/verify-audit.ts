import type { ChainVerdict } from '../domain/audit';
import { createChainVerifier } from '../domain/audit';
import type { Registry } from '../ports/registry';

const PAGE = 1000;

/** Walks the whole audit log in pages and reports the first broken link, or OK with the count. */
export async function verifyAudit(registry: Registry): Promise<ChainVerdict> {
  const verifier = createChainVerifier();
  const head = await registry.auditHead();
  let after = 0;
  for (;;) {
    const events = await registry.auditEvents(after, PAGE);
    for (const event of events) if (!verifier.add(event)) return verifier.finish(head);
    if (events.length < PAGE) return verifier.finish(head);
    after = events.at(-1)!.seq;
  }
}
