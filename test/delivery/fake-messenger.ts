import type { ChatPlatform } from '../../src/domain/outbound';
import type { MessageRef, Messenger, PlatformPerson } from '../../src/ports/messenger';
import type { View } from '../../src/ports/view-model';

/** One call the fake saw, with when it started (ms since the epoch, wall clock). */
export interface FakeCall {
  method: 'channelAddress' | 'directAddress' | 'post' | 'update' | 'findSent' | 'findPerson';
  args: unknown[];
  at: number;
}

/** A hook that may delay or throw to make a call fail; its return value is ignored. */
type Hook = (...args: any[]) => unknown;

/**
 * An in-memory Messenger for tests: records every call, knows the people it is given, and lets a
 * test make any method slow or fail through `on`. Posts land at `address` with ids 1, 2, 3…;
 * `findSent` finds them (and anything put in `alreadySent`) by key.
 */
export function createFakeMessenger(platform: ChatPlatform = 'slack', people: PlatformPerson[] = []) {
  const calls: FakeCall[] = [];
  const posted: { address: string; key: string; view: View; ref: MessageRef; at: number }[] = [];
  const alreadySent = new Map<string, MessageRef>();
  const on: Partial<Record<FakeCall['method'], Hook>> = {};
  const known = new Map<string, PlatformPerson>();
  const learn = (p: PlatformPerson) => {
    known.set(p.ref, p);
    if (p.email) known.set(p.email.toLowerCase(), p);
  };
  people.forEach(learn);
  let next = 0;
  const record = async (method: FakeCall['method'], ...args: unknown[]) => {
    calls.push({ method, args, at: Date.now() });
    await on[method]?.(...args);
  };

  const messenger: Messenger = {
    platform,
    async channelAddress(channel) {
      await record('channelAddress', channel);
      return channel;
    },
    async directAddress(userId) {
      await record('directAddress', userId);
      return `D-${userId}`;
    },
    async post(address, view, key) {
      await record('post', address, view, key);
      const ref: MessageRef = { platform, address, id: String(++next) };
      posted.push({ address, key, view, ref, at: Date.now() });
      return ref;
    },
    async update(ref, view) {
      await record('update', ref, view);
    },
    async findSent(address, key, since) {
      await record('findSent', address, key, since);
      return alreadySent.get(key) ?? posted.find((p) => p.key === key && p.address === address)?.ref;
    },
    async findPerson(query) {
      await record('findPerson', query);
      return 'userId' in query ? known.get(`${platform}:${query.userId}`) : known.get(query.email.toLowerCase());
    },
    pacingMs: () => 0,
  };
  return {
    messenger,
    calls,
    posted,
    alreadySent,
    on,
    learn,
    /** Calls of one method, optionally only those whose first argument is `first`. */
    callsOf: (method: FakeCall['method'], first?: unknown) =>
      calls.filter((c) => c.method === method && (first === undefined || c.args[0] === first)),
    postsTo: (address: string) => posted.filter((p) => p.address === address),
  };
}

export type FakeMessenger = ReturnType<typeof createFakeMessenger>;
