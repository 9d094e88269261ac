import type { Policy } from '../../src/policy/policy';
import type { DatabaseTarget } from '../../src/store/database-target';
import { testCore } from './test-core';
import { createTestRegistry } from './test-databases';
import { loadTestPolicy } from './test-policy';

/**
 * The core on a fresh test registry (with its database `target`, for bulk seeding) with a clock the
 * test moves; `sweep(iso)` moves it and runs the scheduler's sweep.
 */
export async function clockedCore(dialect: DatabaseTarget['kind'], startIso: string) {
  const registry = await createTestRegistry(dialect);
  const state = { policy: await loadTestPolicy(), now: new Date(startIso) };
  const core = testCore(registry, () => state.policy, { now: () => state.now });
  return {
    registry,
    core,
    state,
    /** Moves the clock to `iso` and runs one sweep. */
    sweep(iso: string) {
      state.now = new Date(iso);
      return core.runDueWork();
    },
    /** Policy with these inactivity timings changed (suites about other obligations push the question past their horizon). */
    withInactivity(change: Partial<Policy['timings']['inactivity']>) {
      state.policy = {
        ...state.policy,
        timings: { ...state.policy.timings, inactivity: { ...state.policy.timings.inactivity, ...change } },
      };
    },
    /** Policy with these reminder settings changed. */
    withReminders(change: Partial<Policy['timings']['reminders']>) {
      state.policy = {
        ...state.policy,
        timings: { ...state.policy.timings, reminders: { ...state.policy.timings.reminders, ...change } },
      };
    },
  };
}

/** What `clockedCore` gives a test. */
export type ClockedCore = Awaited<ReturnType<typeof clockedCore>>;
