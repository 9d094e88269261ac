import { createHash } from 'node:crypto';
import { SCHEDULER_ACTOR, isEmail } from '../../domain/actor';
import type { DiscoveredPerson } from '../../domain/discovered-facts';
import type { DiscoveredItem } from '../../domain/discovered-item';
import type { ChatPlatform, NewOutboundMessage } from '../../domain/outbound';
import { isWorkingTime, nextWorkingTime } from '../../domain/working-hours';
import type { PeopleDirectory } from '../../people/people-directory';
import { splitRef } from '../../people/people-directory';
import { reachableAdmins } from '../../people/reachable-admins';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { AuditInput } from '../../domain/audit';
import type { RegistryWith } from '../../ports/registry';
import { workingHoursOf } from '../sweep/run-due-work';

/** Unasked items looked at per round, oldest first: the rest wait for the next round (every quarter hour with the scheduler). */
const ITEMS_PER_ROUND = 2000;
/** Distinct creators looked up per round (a look-up may ask a chat platform); their other items share it. */
const LOOKUPS_PER_ROUND = 200;
/** Items listed in one admins' message; the rest go in the next day's. */
const ADMIN_ITEMS_PER_LIST = 50;
const DAY_MS = 86_400_000;
/** A creator the platforms could not be asked about now. */
const UNSURE = Symbol('unsure');

/** What one round of questions did. */
export interface AskReport {
  /** Questions queued: the item and the user ref of the person asked. */
  asked: { ref: string; person: string }[];
  /** Items whose creator had had the policy's questions for the day; asked in a later round. */
  waiting: number;
  /** Items whose creator could not be looked up now (a chat platform failed, or this process has no chat connection, as in the CLI); looked at again in a later round. */
  lookupLater: number;
  /** Items put before the admins in this round, by why. */
  toAdmins: { unknownCreator: number; notMine: number; unanswered: number };
  /** How many admins the list went to (none reachable: the items wait for a later round). */
  admins: number;
}

/**
 * One round of claim-in-chat: each new unregistered item whose creator the people directory knows on
 * a connected platform gets one question to that person, queued in the outbox for their next working
 * time, at most `discovery.questionsPerPersonPerDay` per person in any 24 hours; the item is marked
 * asked in the same transaction, so a rescan or another replica never asks twice. Items whose creator
 * is unknown or unreachable (marked so, and not looked at again), answered Not mine, or unanswered
 * after `discovery.answerDays` go to the policy's reachable admins: one list per admin at most once a
 * day (up to 50 items; the rest the next day), each item once.
 */
export function createAskAboutDiscovered(deps: {
  registry: RegistryWith<'discovered' | 'outbox' | 'people' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
  directory: Pick<PeopleDirectory, 'lookup' | 'resolve'>;
  platforms: readonly ChatPlatform[];
}) {
  const connected = (ref: string) => (deps.platforms as readonly string[]).includes(splitRef(ref)[0]);
  /**
   * The creator's user ref on a connected platform, when the directory knows them there and they are
   * active; `unsure` when nobody was found but a platform that had to be asked could not be.
   */
  const reach = async (person: DiscoveredPerson | undefined): Promise<string | typeof UNSURE | undefined> => {
    let sure = true;
    for (const key of [person?.ref, person?.email]) {
      if (!key) continue;
      const found = await deps.directory.resolve(key);
      if (!found.person) {
        if (!found.sure && (isEmail(key) || connected(key))) sure = false;
        continue;
      }
      if (!found.person.active) return undefined;
      const ref = found.person.refs.find(connected);
      if (ref) return ref;
    }
    return sure ? undefined : UNSURE;
  };

  return async (): Promise<AskReport> => {
    const policy = deps.policy();
    const now = deps.clock.now();
    const at = now.toISOString();
    const { questionsPerPersonPerDay: cap, answerDays } = policy.discovery;
    const answeredBy = new Date(now.getTime() - answerDays * DAY_MS).toISOString();
    const [candidates, staleNow, lastNotice] = await deps.registry.read(
      async (tx) =>
        [
          await tx.discovered.awaitingQuestion(at, ITEMS_PER_ROUND),
          await tx.discovered.awaitingAdmins(answeredBy, at, 1),
          await tx.discovered.lastAdminNoticeAt(),
        ] as const,
    );
    const adminsDue = !lastNotice || Date.parse(lastNotice) <= now.getTime() - DAY_MS;
    const idle: AskReport = {
      asked: [],
      waiting: 0,
      lookupLater: 0,
      toAdmins: { unknownCreator: 0, notMine: 0, unanswered: 0 },
      admins: 0,
    };
    if (candidates.length === 0 && (staleNow.length === 0 || !adminsDue)) return idle;
    const looked = new Map<string, string | typeof UNSURE | undefined>();
    const creators = new Map<string, string | undefined>();
    for (const item of candidates) {
      const creator = item.people[0];
      const key = `${creator?.ref ?? ''}|${creator?.email ?? ''}`.toLowerCase();
      if (!looked.has(key)) {
        if (looked.size >= LOOKUPS_PER_ROUND) continue;
        looked.set(key, await reach(creator));
      }
      const reached = looked.get(key);
      if (reached === UNSURE) idle.lookupLater++;
      else creators.set(item.ref, reached);
    }
    const admins = await reachableAdmins(policy, deps.platforms, deps.directory);

    return deps.registry.transaction(async (tx) => {
      const report = idle;
      const people = [...new Set([...creators.values()].filter((p): p is string => Boolean(p)))];
      const counts = await tx.discovered.askedSince(people, new Date(now.getTime() - DAY_MS).toISOString());
      const profiles = await tx.people.profiles(people);
      const messages: NewOutboundMessage[] = [];
      const unknown: DiscoveredItem[] = [];
      for (const item of candidates.filter((i) => creators.has(i.ref))) {
        const person = creators.get(item.ref);
        if (!person) {
          unknown.push(item);
          continue;
        }
        if ((counts.get(person) ?? 0) >= cap) {
          report.waiting++;
          continue;
        }
        if (!(await tx.discovered.markAsked(item.ref, person, at))) continue;
        counts.set(person, (counts.get(person) ?? 0) + 1);
        report.asked.push({ ref: item.ref, person });
        const hours = workingHoursOf(profiles.get(person) ?? {}, policy);
        messages.push({
          recipient: { kind: 'person', ref: person },
          message: { view: 'discovery_question', ref: item.ref },
          dedupeKey: `discovery-question:${item.ref}`,
          ...(!isWorkingTime(now, hours) && { dueAt: nextWorkingTime(now, hours).toISOString() }),
        });
      }
      await tx.discovered.markUnreachable(
        unknown.map((i) => i.ref),
        at,
      );
      const last = await tx.discovered.lastAdminNoticeAt();
      const forAdmins =
        admins.length > 0 && (!last || Date.parse(last) <= now.getTime() - DAY_MS)
          ? await tx.discovered.awaitingAdmins(answeredBy, at, ADMIN_ITEMS_PER_LIST)
          : [];
      if (forAdmins.length > 0) {
        const refs = forAdmins.map((i) => i.ref);
        const key = createHash('sha256').update(refs.join('\n')).digest('hex').slice(0, 32);
        const adminProfiles = await tx.people.profiles(admins);
        for (const admin of admins) {
          const hours = workingHoursOf(adminProfiles.get(admin) ?? {}, policy);
          messages.push({
            recipient: { kind: 'person', ref: admin },
            message: { view: 'discovery_digest', refs },
            dedupeKey: `discovery-digest:${admin.toLowerCase()}:${key}`,
            ...(!isWorkingTime(now, hours) && { dueAt: nextWorkingTime(now, hours).toISOString() }),
          });
        }
        await tx.discovered.markAdminNotified(refs, at);
        report.admins = admins.length;
        for (const i of forAdmins) {
          if (i.claim === 'not-mine') report.toAdmins.notMine++;
          else if (i.claim === 'asked') report.toAdmins.unanswered++;
          else report.toAdmins.unknownCreator++;
        }
      }
      await tx.outbox.enqueue(messages, at);
      const events: AuditInput[] = [
        ...report.asked.map(({ ref, person }) => ({
          actor: SCHEDULER_ACTOR,
          action: 'discovery.asked',
          targetType: 'discovered_item' as const,
          targetId: ref,
          outcome: 'success' as const,
          policyVersion: policy.version,
          details: { person },
        })),
        ...(report.admins > 0
          ? forAdmins.map((i) => ({
              actor: SCHEDULER_ACTOR,
              action: 'discovery.to_admins',
              targetType: 'discovered_item' as const,
              targetId: i.ref,
              outcome: 'success' as const,
              policyVersion: policy.version,
              details: { claim: i.claim },
            }))
          : []),
      ];
      if (events.length > 0) await tx.audit.append(events, at);
      return report;
    });
  };
}
