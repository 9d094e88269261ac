import type { Actor } from '../../src/domain/actor';
import type { Core } from '../../src/app/core';
import type { ReviewRecords } from '../../src/domain/app-record';
import type { AddressBook } from '../../src/ports/address-book';
import { ACTIONS } from '../../src/views/action-ids';
import type { Block, View } from '../../src/ports/view-model';
import type { AdaptiveCard } from './adaptive-card';
import { cardAttachment, toAdaptiveCard } from './adaptive-card';
import type { TeamsAddress, TeamsMember } from './teams-address';
import { decodeAddress } from './teams-address';
import type { Presenter } from '../../src/views/create-presenter';
import type { Decider } from '../../src/app/review/deciders-of';
import { LIMITS } from './card-limits';
import type { TeamsRoster } from './teams-roster';

/** Buttons that open a dialog (a task module) rather than act on the card. */
const DIALOG_ACTIONS = new Set<string>([
  ACTIONS.showDetails,
  ACTIONS.openRegistration,
  ACTIONS.changeApp,
  ACTIONS.retireApp,
  ACTIONS.registerDiscovered,
]);
/** The verb of the refresh that turns a reviewer's copy of a card into one with Approve and Deny. */
export const REFRESH_VERB = 'refresh';

/** A message activity showing one card. */
export function cardActivity(card: AdaptiveCard, summary?: string): Record<string, unknown> {
  return { type: 'message', summary, attachments: [cardAttachment(card)] };
}

/** A view as a message card, with dialog buttons turned into `task/fetch` submits. */
export function messageCard(view: View): AdaptiveCard {
  return dialogButtons(toAdaptiveCard(view));
}

/** A short answer in plain words, as a card (so user text inside it stays literal). */
export function textCard(text: string, tone?: 'warning' | 'good'): AdaptiveCard {
  return messageCard({ title: '', blocks: [{ type: 'text', text, tone }] });
}

/** A card with one button that opens a dialog (`task/fetch` with `data`). */
export function dialogLauncher(text: string, label: string, data: Record<string, unknown>): AdaptiveCard {
  const card = messageCard({ title: '', blocks: [{ type: 'text', text }] });
  return {
    ...card,
    actions: [{ type: 'Action.Submit', title: label, data: { msteams: { type: 'task/fetch' }, ...data } }],
  };
}

/** The review an approval card acts on, found through its Approve button. */
export function reviewOf(view: View): string | undefined {
  for (const b of view.blocks)
    if (b.type === 'actions')
      for (const button of b.buttons) if (button.actionId === ACTIONS.approve) return button.value;
  return undefined;
}

/** The view without Approve and Deny: what channel members who cannot decide see. */
export function statusOnly(view: View): View {
  const blocks: Block[] = view.blocks.map((b) =>
    b.type === 'actions'
      ? { ...b, buttons: b.buttons.filter((x) => x.actionId !== ACTIONS.approve && x.actionId !== ACTIONS.deny) }
      : b,
  );
  return { ...view, blocks: blocks.filter((b) => b.type !== 'actions' || b.buttons.length > 0) };
}

/**
 * Renders outbound views for Teams. An open review's card is posted status-only with a `refresh`
 * listing the people who may still decide it and whom Teams knows (role holders, less the separation
 * of duties and who already approved: `core.decidersOf`), so only they get Approve and Deny (Teams
 * asks the bot for their own copy). When some of them have no Teams id yet (named by an email, or
 * never seen by the bot), the roster of the channel the card goes to is read first (at most hourly
 * per channel). When none of them is known in Teams, the buttons are on the card for everyone and
 * the click is checked on the server.
 */
export function createTeamsRenderer(deps: {
  core: Pick<Core, 'decidersOf' | 'reviewRecords'>;
  views: Presenter;
  addresses: AddressBook;
  roster?: Pick<TeamsRoster, 'read'>;
}) {
  /** The Teams ids of the first deciders who have one, in order, and whether someone met before the list filled has none yet; their addresses are read at once. */
  const refreshList = async (deciders: Decider[]): Promise<{ userIds: string[]; unresolved: boolean }> => {
    const keys = deciders.flatMap((d) => d.refs.filter((r) => r.startsWith('teams:')).map(addressKey));
    const stored = keys.length > 0 ? await deps.addresses.getMany('teams', keys) : new Map();
    /** A decider's Teams id (`29:…`), when the bot knows one. */
    const teamsIdOf = (decider: Decider): string | undefined => {
      for (const ref of decider.refs.filter((r) => r.startsWith('teams:'))) {
        const member = decodeAddress<TeamsMember>(stored.get(addressKey(ref))?.address);
        if (member) return member.userId;
      }
      return undefined;
    };
    const ids = new Set<string>();
    let unresolved = false;
    for (const decider of deciders) {
      if (ids.size >= LIMITS.refreshUsers) break;
      const id = teamsIdOf(decider);
      if (id) ids.add(id);
      else unresolved = true;
    }
    return { userIds: [...ids], unresolved };
  };
  /** The refresh list for a review's card, reading the roster of the channel it goes to when someone who may decide has no Teams id yet. */
  const teamsIds = async (reviewId: string, records?: ReviewRecords, where?: TeamsAddress): Promise<string[]> => {
    const listed = await refreshList(await deps.core.decidersOf(reviewId, records));
    if (!listed.unresolved || !where || !deps.roster || !(await deps.roster.read(where))) return listed.userIds;
    return (await refreshList(await deps.core.decidersOf(reviewId, records))).userIds;
  };

  return {
    /** The activity the messenger sends for a view, in the conversation at `where`. */
    async activity(view: View, where?: TeamsAddress): Promise<Record<string, unknown>> {
      const reviewId = reviewOf(view);
      if (!reviewId) return cardActivity(messageCard(view), view.title);
      const userIds = await teamsIds(reviewId, undefined, where);
      if (userIds.length === 0) return cardActivity(messageCard(view), view.title);
      return cardActivity(withRefresh(messageCard(statusOnly(view)), reviewId, userIds), view.title);
    },
    /**
     * A review's card as one person should see it now: with Approve and Deny when they could decide,
     * and a note on top (a refusal) when given. `records` are the review, app and revision when the
     * caller already has them (a decision it just made), else read once for the card and its refresh list.
     */
    async reviewCardFor(
      reviewId: string,
      actor: Actor,
      note?: string,
      records?: ReviewRecords,
    ): Promise<AdaptiveCard | undefined> {
      const found = records ?? (await deps.core.reviewRecords(reviewId));
      if (!found) return undefined;
      const card = await deps.views.reviewCard(reviewId, actor, found);
      if (!card) return undefined;
      const shown = card.mayDecide ? card.view : statusOnly(card.view);
      const withNote: View = note
        ? { ...shown, blocks: [{ type: 'text', text: note, tone: 'warning' }, ...shown.blocks] }
        : shown;
      const userIds = reviewOf(card.view) ? await teamsIds(reviewId, found) : [];
      return withRefresh(messageCard(withNote), reviewId, userIds);
    },
  };
}

/** Where the address book keeps a Teams user's address: `teams:<id>` → `user:<id>`. */
function addressKey(ref: string): string {
  return `user:${ref.slice('teams:'.length)}`;
}

/** The renderer's wiring, as the adapter passes it around. */
export type TeamsRenderer = ReturnType<typeof createTeamsRenderer>;

/** The card with a refresh that asks the bot for each listed reviewer's own copy; unchanged when nobody is listed. */
function withRefresh(card: AdaptiveCard, reviewId: string, userIds: string[]): AdaptiveCard {
  if (userIds.length === 0) return card;
  return {
    ...card,
    refresh: {
      action: { type: 'Action.Execute', verb: REFRESH_VERB, data: { action: REFRESH_VERB, value: reviewId } },
      userIds,
    },
  };
}

/** Dialog buttons (Full details, Register) become `Action.Submit` with `msteams.type = task/fetch`, anywhere in the card; only the parts above a changed button are copied. */
function dialogButtons(card: AdaptiveCard): AdaptiveCard {
  /** `node` itself when no child changed, else a shallow copy (array or object) with the changed children. */
  const children = (node: object): unknown => {
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(node)) {
      const walked = walk(v);
      if (walked === v) continue;
      copy ??= (Array.isArray(node) ? [...node] : { ...node }) as Record<string, unknown>;
      copy[k] = walked;
    }
    return copy ?? node;
  };
  const walk = (node: unknown): unknown => {
    if (!node || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    const data = o.data as { action?: string; value?: string } | undefined;
    if (
      (o.type === 'Action.Execute' || o.type === 'Action.Submit') &&
      data?.action &&
      DIALOG_ACTIONS.has(data.action)
    ) {
      return {
        type: 'Action.Submit',
        title: o.title,
        data: { msteams: { type: 'task/fetch' }, action: data.action, value: data.value },
      };
    }
    return children(node);
  };
  return walk(card) as AdaptiveCard;
}
