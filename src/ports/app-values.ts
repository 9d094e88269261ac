import type { AppValueAnswer } from '../domain/app-value';

/** Owners' value answers, read and written inside a registry transaction. */
export interface AppValues {
  record(answer: AppValueAnswer): Promise<void>;
  /** Each app's newest answer, by app id (apps never answered are absent). */
  latest(appIds: readonly string[]): Promise<Map<string, AppValueAnswer>>;
  /** Apps in `statuses` with their newest answer, most hours saved first (at most `limit`), and how many there are. */
  ranked(statuses: readonly string[], limit: number): Promise<{ apps: ValuedApp[]; total: number }>;
}

/** An app with what its owner last said it is worth. */
export interface ValuedApp extends AppValueAnswer {
  name: string;
  tier: number;
  status: string;
}
