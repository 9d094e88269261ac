import type { AppValueAnswer } from '../domain/app-value';

/** Owners' value answers, read and written inside a registry transaction. */
export interface AppValues {
  record(answer: AppValueAnswer): Promise<void>;
  /** Each app's newest answer, by app id (apps never answered are absent). */
  latest(appIds: readonly string[]): Promise<Map<string, AppValueAnswer>>;
}
