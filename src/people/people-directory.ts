import type { Clock } from '../ports/clock';
import type { Messenger, PlatformPerson } from '../ports/messenger';
import type { Person, PeopleStore, PersonFacts } from '../ports/people';
import { isEmail } from '../domain/actor';

/** How long the platform's word about a person is trusted before asking again. */
const REFRESH_MS = 24 * 60 * 60 * 1000;
/** How long a looked-up person is kept in memory, sparing the database on busy paths. */
const MEMORY_MS = 60 * 1000;
const MEMORY_MAX = 10_000;
/** How often a person's last-seen time is written. */
const SEEN_MS = 60 * 60 * 1000;

/** A look-up's answer, and whether "nobody" in it can be trusted. */
export interface Resolved {
  person?: Person;
  sure: boolean;
}

/** Names, time zones and platform addresses of people, from every inbound request and from look-ups. */
export interface PeopleDirectory {
  /** The person a user ref or email names, asking the platforms when the directory has nothing recent. */
  lookup(refOrEmail: string): Promise<Person | undefined>;
  /**
   * `lookup` that tells "nobody" from "could not ask": `sure` is false when nobody is on record and
   * a platform that had to be asked failed or is not connected from this process (the CLI has no
   * chat connection), so a caller never concludes from an outage that someone does not exist.
   */
  resolve(refOrEmail: string): Promise<Resolved>;
  /** How to name user refs and emails to readers: the display name, else the email, where known (`personName` says "someone on Slack/Teams" only for the rest). */
  names(refs: (string | undefined)[]): Promise<Record<string, string>>;
  /** The people the directory's records name, keyed by the ref or email given, in one trip to the store; the platforms are not asked. */
  known(refs: (string | undefined)[]): Promise<Map<string, Person>>;
  /** The people whose display name is `name` (any case), from the directory's records. */
  named(name: string): Promise<Person[]>;
  /** Records what a platform says about a person (an inbound request, a look-up, a deactivation). */
  remember(facts: PersonFacts): Promise<Person>;
  /** `lookup` for someone who just made a request: also notes when they were last seen (at most hourly). */
  seen(ref: string): Promise<Person | undefined>;
}

/** Wires the directory to its store and to the messengers that can look people up. */
export function createPeopleDirectory(deps: {
  people: PeopleStore;
  messengers: ReadonlyMap<string, Messenger>;
  clock: Clock;
}): PeopleDirectory {
  const memory = new Map<string, { at: number; person: Person | undefined; sure: boolean }>();
  const keep = (key: string, person: Person | undefined, sure = true) => {
    if (memory.size >= MEMORY_MAX) memory.delete(memory.keys().next().value!);
    memory.set(key.toLowerCase(), { at: deps.clock.now().getTime(), person, sure });
  };
  /** What the platforms say; `sure` is false when one that had to be asked failed or is not connected from this process. */
  const ask = async (refOrEmail: string): Promise<{ found?: PlatformPerson; sure: boolean }> => {
    if (isEmail(refOrEmail)) {
      let sure = deps.messengers.size > 0;
      for (const m of deps.messengers.values()) {
        const found = await m.findPerson({ email: refOrEmail.trim().toLowerCase() }).catch(() => {
          sure = false;
          return undefined;
        });
        if (found) return { found, sure: true };
      }
      return { sure };
    }
    const [platform, userId] = splitRef(refOrEmail);
    const messenger = userId ? deps.messengers.get(platform) : undefined;
    if (!messenger) return { sure: !userId };
    return messenger.findPerson({ userId: userId! }).then(
      (found) => ({ found, sure: true }),
      () => ({ sure: false }),
    );
  };
  const remember = async (facts: PersonFacts) => {
    const person = await deps.people.remember(facts, deps.clock.now().toISOString());
    for (const key of [facts.ref, ...person.refs, person.email]) if (key) keep(key, person);
    return person;
  };

  const pending = new Map<string, Promise<Resolved>>();
  const resolveOnce = async (refOrEmail: string, sureOnly: boolean): Promise<Resolved> => {
    const now = deps.clock.now().getTime();
    const cached = memory.get(refOrEmail.trim().toLowerCase());
    if (cached && now - cached.at < MEMORY_MS && (cached.sure || !sureOnly))
      return { person: cached.person, sure: cached.sure };
    const stored = await deps.people.find(refOrEmail);
    if (stored && now - Date.parse(stored.refreshedAt) < REFRESH_MS) {
      keep(refOrEmail, stored);
      return { person: stored, sure: true };
    }
    const { found, sure } = await ask(refOrEmail);
    if (found) return { person: await remember(found), sure: true };
    keep(refOrEmail, stored, sure || Boolean(stored));
    return { person: stored, sure: sure || Boolean(stored) };
  };
  /** Concurrent look-ups of one person share a single trip to the database and the platform. */
  const resolve = (refOrEmail: string, sureOnly: boolean): Promise<Resolved> => {
    const key = `${sureOnly ? 'sure:' : ''}${refOrEmail.trim().toLowerCase()}`;
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const work = resolveOnce(refOrEmail, sureOnly).finally(() => pending.delete(key));
    pending.set(key, work);
    return work;
  };
  const lookup = async (refOrEmail: string) => (await resolve(refOrEmail, false)).person;
  const noting = new Map<string, Promise<Person>>();

  return {
    lookup,
    resolve: (refOrEmail) => resolve(refOrEmail, true),
    remember,
    async seen(ref) {
      const person = await lookup(ref);
      const now = deps.clock.now();
      if (!person || (person.lastSeenAt && now.getTime() - Date.parse(person.lastSeenAt) < SEEN_MS)) return person;
      const key = ref.toLowerCase();
      const inFlight = noting.get(key);
      if (inFlight) return inFlight;
      const work = remember({
        ref,
        email: person.email,
        displayName: person.displayName,
        timeZone: person.timeZone,
        active: true,
        seenAt: now.toISOString(),
      }).finally(() => noting.delete(key));
      noting.set(key, work);
      return work;
    },
    async known(refs) {
      const found = new Map<string, Person>();
      const missing: string[] = [];
      const now = deps.clock.now().getTime();
      for (const ref of new Set(refs.filter((r): r is string => Boolean(r)))) {
        const cached = memory.get(ref.trim().toLowerCase());
        if (cached?.person && now - cached.at < MEMORY_MS) found.set(ref, cached.person);
        else missing.push(ref);
      }
      if (missing.length > 0) for (const [ref, person] of await deps.people.findMany(missing)) found.set(ref, person);
      return found;
    },
    named: (name) => deps.people.named(name),
    async names(refs) {
      const result: Record<string, string> = {};
      for (const ref of new Set(refs.filter((r): r is string => Boolean(r)))) {
        const person = await lookup(ref);
        const shown = person?.displayName ?? person?.email;
        if (shown) result[ref] = shown;
      }
      return result;
    },
  };
}

/** `slack:U012AB3CD` → `['slack', 'U012AB3CD']`. */
export function splitRef(ref: string): [string, string | undefined] {
  const at = ref.indexOf(':');
  return at > 0 ? [ref.slice(0, at), ref.slice(at + 1) || undefined] : [ref, undefined];
}
