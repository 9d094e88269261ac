/** Which part of the set-up a doctor finding is about. */
export type FindingCheck = 'policy' | 'roles' | 'routes' | 'slack' | 'teams' | 'database' | 'delivery' | 'siem';

/** Something `microapp doctor` found wrong, in plain words, with what to do about it. */
export interface Finding {
  check: FindingCheck;
  /** What it is about: a role, a channel, a setting. */
  subject?: string;
  problem: string;
  fix: string;
}
