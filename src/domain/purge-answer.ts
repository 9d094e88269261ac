/** The obligations an owner answers by saying whether data was purged. */
export type PurgeObligation = 'retention' | 'test_data';

/** An owner's answer to a purge reminder: data past the window (or sandbox test data) was purged, or not yet. */
export interface PurgeAnswer {
  id: string;
  appId: string;
  obligation: PurgeObligation;
  /** The cycle answered: the day the retention window came round, or when sandbox use began. */
  cycle: string;
  outcome: 'purged' | 'not_purged';
  answeredBy: string;
  answeredAt: string;
}
