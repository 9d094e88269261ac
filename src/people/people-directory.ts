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

/** Names, time zones and platform addresses of people, from every inbound request and from look-ups. */
export interface PeopleDirectory {
  /** The person a user ref or email names, asking the platforms when the directory has nothing recent. */
  lookup(refOrEmail: string): Promise<Person | undefined>;
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
  const memory = new Map<string, { at: number; person: Person | undefined }>();
  const keep = (key: string, person: Person | undefined) => {
    if (memory.size >= MEMORY_MAX) memory.delete(memory.keys().next().value!);
    memory.set(key.toLowerCase(), { at: deps.clock.now().getTime(), person });
  };
  const ask = async (refOrEmail: string): Promise<PlatformPerson | undefined> => {
    if (isEmail(refOrEmail)) {
      for (const m of deps.messengers.values()) {
        const found = await m.findPerson({ email: refOrEmail.trim().toLowerCase() }).catch(() => undefined);
        if (found) return found;
      }
      return undefined;
    }
    const [platform, userId] = splitRef(refOrEmail);
    return userId
      ? deps.messengers
          .get(platform)
          ?.findPerson({ userId })
          .catch(() => undefined)
      : undefined;
  };
  const remember = async (facts: PersonFacts) => {
    const person = await deps.people.remember(facts, deps.clock.now().toISOString());
    for (const key of [facts.ref, ...person.refs, person.email]) if (key) keep(key, person);
    return person;
  };

  const pending = new Map<string, Promise<Person | undefined>>();
  const lookupOnce = async (refOrEmail: string): Promise<Person | undefined> => {
    const now = deps.clock.now().getTime();
    const cached = memory.get(refOrEmail.trim().toLowerCase());
    if (cached && now - cached.at < MEMORY_MS) return cached.person;
    const stored = await deps.people.find(refOrEmail);
    if (stored && now - Date.parse(stored.refreshedAt) < REFRESH_MS) {
      keep(refOrEmail, stored);
      return stored;
    }
    const fresh = await ask(refOrEmail);
    if (fresh) return remember(fresh);
    keep(refOrEmail, stored);
    return stored;
  };
  /** Concurrent look-ups of one person share a single trip to the database and the platform. */
  const lookup = (refOrEmail: string): Promise<Person | undefined> => {
    const key = refOrEmail.trim().toLowerCase();
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const work = lookupOnce(refOrEmail).finally(() => pending.delete(key));
    pending.set(key, work);
    return work;
  };

  return {
    lookup,
    remember,
    async seen(ref) {
      const person = await lookup(ref);
      const now = deps.clock.now();
      if (!person || (person.lastSeenAt && now.getTime() - Date.parse(person.lastSeenAt) < SEEN_MS)) return person;
      const key = `seen:${ref.toLowerCase()}`;
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      const work = remember({
        ref,
        email: person.email,
        displayName: person.displayName,
        timeZone: person.timeZone,
        active: true,
        seenAt: now.toISOString(),
      }).finally(() => pending.delete(key));
      pending.set(key, work);
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
