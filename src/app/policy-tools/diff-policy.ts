import type { AppStatus } from '../../domain/app-record';
import type { Assessment } from '../../domain/assessment';
import { assess } from '../../policy/assess';
import type { Policy } from '../../policy/policy';
import type { Registry, RegistryWith } from '../../ports/registry';
import { allApps } from '../queries/list-apps';

/** Apps a policy change cannot touch any more. */
const SETTLED: AppStatus[] = ['decommissioned', 'rejected'];

/** What one app would look like under each policy. */
export interface AppShift {
  id: string;
  app: string;
  status: AppStatus;
  /** What changes, in plain words: "tier 2 → 3", "needs a security approval", "must attest encryption". */
  changes: string[];
  before: Outlook;
  after: Outlook;
}

/** The parts of an assessment a policy change moves. */
export interface Outlook {
  tier: number;
  decision: Assessment['decision'];
  requiredApprovals: { role: string; count: number }[];
  requiredControls: string[];
  missing: string[];
}

/** What a policy change would do: to the timings everyone lives by, and to each app that would move. */
export interface PolicyDiff {
  from: string;
  to: string;
  timings: string[];
  apps: AppShift[];
  compared: number;
}

/**
 * Assesses every live app's standing revision (the approved one, else the latest) under the running
 * policy and under `next`, and lists the apps whose tier, decision, approvals, controls or missing
 * answers would change, with the timing changes that apply to all, before anything is rolled out.
 */
export async function diffPolicy(
  registry: RegistryWith<'revisions'> & Pick<Registry, 'apps'>,
  current: Policy,
  next: Policy,
): Promise<PolicyDiff> {
  const diff: PolicyDiff = {
    from: current.version,
    to: next.version,
    timings: timingChanges(current.timings, next.timings),
    apps: [],
    compared: 0,
  };
  for await (const app of allApps(registry)) {
    if (SETTLED.includes(app.status)) continue;
    const revision = await registry.read((tx) => tx.revisions.find(app.approvedRevisionId ?? app.currentRevisionId));
    if (!revision) continue;
    diff.compared += 1;
    const before = outlook(assess(current, revision.manifest));
    const after = outlook(assess(next, revision.manifest));
    const changes = describe(before, after);
    if (changes.length) diff.apps.push({ id: app.id, app: app.name, status: app.status, changes, before, after });
  }
  return diff;
}

function outlook(a: Assessment): Outlook {
  return {
    tier: a.tier,
    decision: a.decision,
    requiredApprovals: a.requiredApprovals.map(({ role, count }) => ({ role, count })),
    requiredControls: [...a.requiredControls].sort(),
    missing: a.shortfalls.map((s) => s.field).sort(),
  };
}

function describe(before: Outlook, after: Outlook): string[] {
  const changes: string[] = [];
  if (before.tier !== after.tier) changes.push(`tier ${before.tier} → ${after.tier}`);
  if (before.decision !== after.decision)
    changes.push(`decision ${before.decision.replace('_', ' ')} → ${after.decision.replace('_', ' ')}`);
  const approvals = (o: Outlook) =>
    o.requiredApprovals
      .map((a) => `${a.count} ${a.role}`)
      .sort()
      .join(', ') || 'none';
  if (approvals(before) !== approvals(after)) changes.push(`approvals ${approvals(before)} → ${approvals(after)}`);
  const added = (from: string[], to: string[]) => to.filter((x) => !from.includes(x));
  if (added(before.requiredControls, after.requiredControls).length)
    changes.push(`must also attest ${added(before.requiredControls, after.requiredControls).join(', ')}`);
  if (added(after.requiredControls, before.requiredControls).length)
    changes.push(`no longer needs ${added(after.requiredControls, before.requiredControls).join(', ')}`);
  if (added(before.missing, after.missing).length)
    changes.push(`would lack ${added(before.missing, after.missing).join(', ')}`);
  return changes;
}

/** Timing changes that apply to every app, in words ("re-certification every 365 → 180 days"). */
function timingChanges(before: Policy['timings'], after: Policy['timings']): string[] {
  const flat = (value: unknown, path = ''): [string, string][] =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => flat(v, path ? `${path}.${k}` : k))
      : [[path, Array.isArray(value) ? value.join(', ') : String(value)]];
  const old = new Map(flat(before));
  return flat(after)
    .filter(([k, v]) => old.get(k) !== v)
    .map(([k, v]) => `timings.${k}: ${old.get(k) ?? '(unset)'} → ${v}`);
}
