import type { DiscoveredItem } from '../domain/discovered-item';

/** What the person who answered a discovery question is told: what was recorded and what follows. */
export function discoveryAnswer(item: Pick<DiscoveredItem, 'name' | 'claim'>): string {
  return item.claim === 'retired'
    ? `Thanks: "${item.name}" is recorded as retired, so it no longer counts as unregistered and you will not be asked about it again. If it is in use after all, register it (/microapp register in Slack, "register" in Teams).`
    : `Thanks: "${item.name}" is recorded as not yours. The admins will find out who runs it; you will not be asked about it again.`;
}
