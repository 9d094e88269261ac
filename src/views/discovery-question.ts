import type { DiscoveredItem } from '../domain/discovered-item';
import type { Block, View } from '../ports/view-model';
import { ACTIONS } from './action-ids';
import { kindWords, sourceWords } from './discovery-words';
import { EACH_READERS_ZONE } from './reader-dates';
import { day } from './wording';

/**
 * The one question to an item's creator: what was found, where and when, with Register it, Not mine
 * and It's retired. Dates are in the reader's zone (`timeZone`), else each platform shows them in the
 * reader's own.
 */
export function discoveryQuestion(item: DiscoveredItem, timeZone: string | undefined): View {
  const when = (iso: string | undefined) => day(iso, timeZone ?? EACH_READERS_ZONE);
  const fields = [{ label: 'Found in', value: sourceWords(item.source) }];
  if (item.createdAt) fields.push({ label: 'Created', value: when(item.createdAt) });
  if (item.lastUsedAt) fields.push({ label: 'Last used', value: when(item.lastUsedAt) });
  if (item.url) fields.push({ label: 'Link', value: item.url });
  const blocks: Block[] = [
    {
      type: 'text',
      text: `We found ${kindWords(item.kind)} called "${item.name}" in ${sourceWords(item.source)}${item.createdAt ? `, created ${when(item.createdAt)}` : ''}, and it names you as its creator. It is not in the micro app registry yet.`,
    },
    { type: 'fields', fields },
    {
      type: 'text',
      text: 'If it is yours and still in use, register it: the form opens with its name filled in and takes a few minutes. If it is not yours, or nobody uses it any more, say so and you will not be asked about it again.',
    },
    {
      type: 'actions',
      buttons: [
        { actionId: ACTIONS.registerDiscovered, label: 'Register it', value: item.ref, style: 'primary' },
        { actionId: ACTIONS.discoveredNotMine, label: 'Not mine', value: item.ref },
        { actionId: ACTIONS.discoveredRetired, label: "It's retired", value: item.ref },
      ],
    },
    { type: 'context', text: `First seen ${when(item.firstSeenAt)}. Ref ${item.ref}.` },
  ];
  return { title: `Is "${item.name}" yours?`, blocks };
}
