import type { AppStatus } from './app-record';
import type { Manifest } from './manifest';

/** Apps that may be running: what the estate and hygiene figures count (rejected, prohibited and decommissioned apps are left out). */
export const LIVE_STATUSES: readonly AppStatus[] = ['approved', 'pending_review', 'expired'];

/** The kinds of posture fact an app's current manifest yields. */
export type PostureFactKind = 'classification' | 'data_type' | 'system' | 'has';

/** What the hygiene figures count: the manifest declares it. */
export const HYGIENE_FACTS = ['logging', 'retention', 'backup_owner', 'health_endpoint'] as const;

/** One hygiene fact. */
export type HygieneFact = (typeof HYGIENE_FACTS)[number];

/** One fact the posture views count: a kind and its value; `secret` is 1 for a system reached with a key or credential. */
export interface PostureFact {
  kind: PostureFactKind;
  value: string;
  secret: 0 | 1;
}

/**
 * The facts the posture views group by, from one manifest: its data classification, each data
 * type, each system it reaches (lower case, with whether any of its integrations with it needs a
 * secret), and which hygiene fields it declares (logging control, retention period, backup owner,
 * health endpoint). Unique by kind and value.
 */
export function postureFacts(m: Manifest): PostureFact[] {
  const facts = new Map<string, PostureFact>();
  const add = (kind: PostureFactKind, value: string, secret: 0 | 1 = 0) => {
    const key = `${kind}\u0000${value}`;
    const had = facts.get(key);
    facts.set(key, { kind, value, secret: had?.secret === 1 ? 1 : secret });
  };
  add('classification', m.dataClassification);
  for (const t of m.dataTypes ?? []) add('data_type', t);
  for (const i of m.integrations ?? []) add('system', i.system.trim().toLowerCase(), i.requiresSecret ? 1 : 0);
  if (m.controls?.includes('logging')) add('has', 'logging');
  if (m.retentionDays !== undefined) add('has', 'retention');
  if (m.backupOwner) add('has', 'backup_owner');
  if (m.healthEndpoint) add('has', 'health_endpoint');
  return [...facts.values()];
}
