import type { AppRecord } from '../domain/app-record';

/** Which apps have gone quiet, for the inactivity obligation; read and written inside a registry transaction. */
export interface AppActivity {
  /**
   * Approved and expired apps with no sign of life since `silentBefore`: created then or before, no
   * activity recorded after it, and last approved or re-certified then or before (`expiresAt` no
   * later than `expiresBefore`). Also apps decommissioned since `retiredSince` that match, so the
   * notice of their retirement can still go out. Only those `among` when given.
   */
  silentApps(q: {
    silentBefore: string;
    expiresBefore: string;
    retiredSince: string;
    among?: readonly string[];
  }): Promise<AppRecord[]>;
  /** When the first "still in use?" question of each of these cycles (`cycleKey`s) went out, by cycle key. */
  asksSent(cycleKeys: string[]): Promise<Map<string, string>>;
  /** Decommissions a quiet app if nothing about it changed since it was read (no activity, no renewal); false otherwise. */
  retireSilent(app: AppRecord, at: string): Promise<boolean>;
}
