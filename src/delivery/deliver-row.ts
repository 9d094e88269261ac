import { isEmail } from '../domain/actor';
import type { ChatPlatform, Outbound } from '../domain/outbound';
import type { PeopleDirectory } from '../people/people-directory';
import { splitRef } from '../people/people-directory';
import { DeliveryError, isDeliveryError } from '../ports/delivery-error';
import type { MessageRef, Messenger } from '../ports/messenger';
import type { OutboxRow } from '../ports/outbox';
import type { Policy } from '../policy/policy';
import type { Registry } from '../ports/registry';
import { readMessageRecords } from '../app/queries/read-message-records';
import { composeMessage } from '../views/compose-message';
import { EACH_READERS_ZONE } from '../views/reader-dates';

/**
 * Attempts after which a send that may have gone out is posted even though the platform could not
 * say whether it did (about a minute of retries): a possible repeat beats a lost message. Before
 * that, a check that failed for now (a 429) is retried; one that can never work (no history access)
 * posts at once.
 */
const CHECK_ATTEMPTS = 6;

/** What sending one row needs. */
export interface DeliverDeps {
  registry: Registry;
  directory: PeopleDirectory;
  messengers: ReadonlyMap<string, Messenger>;
  /** The policy now: its catalog names the systems a card shows. */
  policy: () => Policy;
  /** The connected chat platforms, so a risk summary knows whether an admin can be told. */
  platforms?: readonly ChatPlatform[];
}

/** What a sent row produced: where it landed, when the post left, and how long after that its lane should wait before the next post. */
export interface Delivered {
  ref?: MessageRef;
  paceMs: number;
  /** `Date.now()` right before the platform call, so the pace does not include the round trip. */
  postedAtMs?: number;
}

/** How far back a recovery check looks before the recorded start of an interrupted send. */
const FIND_SLACK_MS = 60_000;

/**
 * Sends one outbox row: resolves the recipient (a destination, a person through the directory, or
 * every copy of a card), renders the message as things stand now, and sends it. `startSend` is
 * called right before the platform call and must return true (the row is still this worker's).
 * A row whose earlier attempt may have gone out is first looked for on the platform, so it is not
 * posted twice. Throws `DeliveryError` for refusals.
 */
export async function deliverRow(
  row: OutboxRow,
  deps: DeliverDeps,
  startSend: () => Promise<boolean>,
): Promise<Delivered> {
  const r = row.recipient;
  switch (r.kind) {
    case 'channel': {
      const messenger = messengerFor(deps, r.platform);
      return postOnce(deps, messenger, await messenger.channelAddress(r.channel), row, startSend, EACH_READERS_ZONE);
    }
    case 'person': {
      const { messenger, userId, timeZone } = await reach(deps, r.ref, ADMIN_NOTICES.has(noticeType(row) ?? ''));
      return postOnce(deps, messenger, await messenger.directAddress(userId), row, startSend, timeZone);
    }
    case 'card_copies': {
      const composed = await compose(deps, row.message, EACH_READERS_ZONE);
      if (!(await startSend())) throw leaseLost();
      for (const ref of await deps.registry.cards.list(r.reviewId)) {
        await messengerFor(deps, ref.platform).update(ref, composed.view);
      }
      return { paceMs: 0 };
    }
  }
}

async function postOnce(
  deps: DeliverDeps,
  messenger: Messenger,
  address: string,
  row: OutboxRow,
  startSend: () => Promise<boolean>,
  timeZone?: string,
): Promise<Delivered> {
  if (row.sendStartedAt && messenger.findSent) {
    const since = new Date(Date.parse(row.sendStartedAt) - FIND_SLACK_MS);
    const ref = await messenger.findSent(address, row.id, since).catch((error: unknown) => {
      if (isDeliveryError(error) && !error.permanent && row.attempts < CHECK_ATTEMPTS) throw error;
      return undefined;
    });
    if (ref) {
      await afterPost(deps, messenger, row, ref);
      return { ref, paceMs: 0 };
    }
  }
  const composed = await compose(deps, row.message, timeZone);
  if (!(await startSend())) throw leaseLost();
  const postedAtMs = Date.now();
  const ref = await messenger.post(address, composed.view, row.id);
  await afterPost(deps, messenger, row, ref, composed.reviewVersion);
  return { ref, paceMs: messenger.pacingMs(address), postedAtMs };
}

/** A posted approval card is remembered as a copy; if the review moved on while it was posted, the copy catches up. */
async function afterPost(
  deps: DeliverDeps,
  messenger: Messenger,
  row: OutboxRow,
  ref: MessageRef,
  shownVersion?: number,
): Promise<void> {
  if (row.message.view !== 'approval_card') return;
  await deps.registry.cards.save(row.message.reviewId, row.id, ref, new Date().toISOString());
  const now = await compose(deps, row.message, EACH_READERS_ZONE);
  if (now.reviewVersion !== shownVersion) await messenger.update(ref, now.view);
}

async function compose(deps: DeliverDeps, message: Outbound, timeZone?: string) {
  const found = await readMessageRecords(deps.registry, message);
  const composed = found && (await composeMessage(found, deps, timeZone));
  if (!composed)
    throw new DeliveryError({
      code: 'gone',
      permanent: true,
      fix: 'Nothing to do: what this message was about no longer exists.',
    });
  return composed;
}

/** The platform and user id where a person (a user ref or an email) can be reached. */
/** Notices only admins get: when one cannot reach its admin, the fix is about the admin role, not an app. */
const ADMIN_NOTICES = new Set([
  'delivery_problem',
  'person_unreachable',
  'route_missing',
  'tier_unrouted',
  'role_unheld',
  'health_escalated',
]);

function noticeType(row: OutboxRow): string | undefined {
  return row.message.view === 'notice' ? row.message.notice.type : undefined;
}

async function reach(
  deps: DeliverDeps,
  ref: string,
  toAdmin = false,
): Promise<{ messenger: Messenger; userId: string; timeZone?: string }> {
  const { person, sure } = await deps.directory.resolve(ref);
  if (person && !person.active) {
    throw new DeliveryError({
      code: 'person_inactive',
      permanent: true,
      fix: 'Their account is deactivated: hand their apps to someone else with /microapp transfer.',
    });
  }
  const refs = isEmail(ref) ? (person?.refs ?? []) : [ref, ...(person?.refs ?? [])];
  for (const candidate of refs) {
    const [platform, userId] = splitRef(candidate);
    const messenger = deps.messengers.get(platform);
    if (messenger && userId) return { messenger, userId, timeZone: person?.timeZone };
  }
  const on = [...deps.messengers.keys()].join(' or ') || 'a connected chat platform';
  if (!sure && isEmail(ref))
    throw new DeliveryError({
      code: 'person_lookup_failed',
      permanent: false,
      fix: `Nobody could say who ${ref} is just now (${on} did not answer); it is retried.`,
    });
  throw new DeliveryError({
    code: 'person_unknown',
    permanent: true,
    fix: toAdmin
      ? `The admin ${ref} is not known on ${on}: in policies/roles.yaml list admins under roles.admin.members by a user ref of a connected platform (slack:U…, teams:<AAD object id>) or an email they use there, then restart.`
      : `Nobody with that address is known on ${on}: check the email or user in the registration, or transfer the app.`,
  });
}

function messengerFor(deps: DeliverDeps, platform: string): Messenger {
  const messenger = deps.messengers.get(platform);
  if (!messenger) {
    throw new DeliveryError({
      code: 'platform_off',
      permanent: true,
      fix: `Connect ${platform === 'slack' ? 'Slack' : 'Microsoft Teams'} (see the README), or remove its destinations from policies/policy.yaml.`,
    });
  }
  return messenger;
}

function leaseLost(): DeliveryError {
  return new DeliveryError({
    code: 'lease_lost',
    permanent: false,
    fix: 'Nothing to do: another worker took this message over.',
  });
}
