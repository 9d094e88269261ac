import type { Finding } from '../../domain/finding';
import type { Policy } from '../../policy/policy';
import { roleGaps } from '../../policy/role-gaps';
import type { Clock } from '../../ports/clock';
import type { OutboxStore } from '../../ports/outbox';
import type { PlatformCheck, RoutedChannel } from '../../ports/platform-check';
import type { ChatPlatform } from '../../domain/outbound';
import { routedChannels } from './routed-channels';
import type { RoleListing } from '../roles/list-roles';
import type { SiemSinkStatus } from '../audit/siem-status';

/** A message still waiting to go out after this long means the worker is not sending (or keeps failing). */
export const PENDING_TOO_LONG_MS = 30 * 60_000;
/** Undeliverable messages older than this are history, not a finding. */
const UNDELIVERABLE_RECENT_MS = 7 * 86_400_000;
const UNDELIVERABLE_LOOKED_AT = 200;

/** What the doctor needs: a loaded policy, a check per chat platform, the outbox and the time. */
export interface DoctorDeps {
  policy: () => Policy;
  platforms: PlatformCheck[];
  outbox: Pick<OutboxStore, 'list' | 'counts' | 'oldestWaitingAt'>;
  /** The roles with their groups' state, when roles may name groups. */
  roles?: { list(): Promise<RoleListing[]> };
  /** Each SIEM sink's lag and last error, when sinks are set. */
  siem?: () => Promise<SiemSinkStatus[]>;
  clock: Clock;
}

/**
 * `microapp doctor` over a policy that loaded and a database that opened: empty roles the tiers need,
 * the policy's other role warnings, tiers whose cards go only to platforms that are not configured, each configured
 * platform's connection and channels, the delivery worker's backlog, and SIEM sinks whose last batch
 * failed. Reads only; changes nothing.
 * `policyFolder` names the policy folder in the fixes (like `policies`).
 */
export function createRunDoctor(deps: DoctorDeps) {
  return async (options: { policyFolder: string }): Promise<Finding[]> => {
    const policy = deps.policy();
    const findings = [...roleFindings(policy, options.policyFolder), ...(await groupFindings(deps))];
    const connected = deps.platforms.filter((p) => p.configured).map((p) => p.platform);
    const checks = deps.platforms.map(async (platform) => {
      const channels = routedChannels(policy, platform.platform);
      if (platform.configured) return platform.check(channels);
      return stranded(policy, connected, channels).map(
        (c): Finding => ({
          check: 'routes',
          subject: `${platform.platform} ${c.channel}`,
          problem: `The policy sends tier ${c.tiers.join(' and ')} approval cards only to ${platformName(platform.platform)} "${c.channel}", but ${platformName(platform.platform)} is not configured, so no reviewers' channel gets them.`,
          fix: `${platform.howToConfigure}, or add a destination on ${connected.map(platformName).join(' or ') || 'a connected platform'} under ${c.tiers.map((t) => `routing."${t}".destinations`).join(' and ')} in ${options.policyFolder}/policy.yaml.`,
        }),
      );
    });
    for (const found of await Promise.all(checks)) findings.push(...found);
    findings.push(...(await deliveryFindings(deps)), ...(await siemFindings(deps)));
    return findings;
  };
}

/**
 * The channels on a platform that is not connected, with only the tiers that have no destination on a
 * connected one: those tiers' cards reach nobody. The others' cards go elsewhere, and the start-up log
 * names the skipped destinations once.
 */
function stranded(policy: Policy, connected: readonly ChatPlatform[], channels: RoutedChannel[]): RoutedChannel[] {
  const reaches = (tier: number) =>
    (policy.routing[String(tier) as keyof Policy['routing']]?.destinations ?? []).some((d) =>
      connected.includes(d.platform),
    );
  return channels.map((c) => ({ ...c, tiers: c.tiers.filter((t) => !reaches(t)) })).filter((c) => c.tiers.length > 0);
}

/**
 * Each empty role a tier's approvals need (naming the tiers), then the policy's other role warnings
 * (too few members, rules, escalation, admin), each role once.
 */
export function roleFindings(
  policy: Pick<Policy, 'roles' | 'routing' | 'rules' | 'timings'>,
  policyFolder: string,
): Finding[] {
  const tiersNeeding = new Map<string, number[]>();
  for (const [tier, route] of Object.entries(policy.routing).sort(([a], [b]) => Number(a) - Number(b)))
    for (const { role } of route?.approvals ?? [])
      if ((policy.roles[role]?.members ?? []).length === 0)
        tiersNeeding.set(role, [...(tiersNeeding.get(role) ?? []), Number(tier)]);
  const findings: Finding[] = [...tiersNeeding].map(([role, tiers]) => ({
    check: 'roles',
    subject: role,
    problem: `The role "${role}" has no members, and tier ${tiers.join(' and ')} approvals need it: no tier-${tiers.join(' or tier-')} app can be approved.`,
    fix: `Add members in ${policyFolder}/roles.yaml under roles.${role}.members (slack:U…, teams:<AAD object id>, email addresses, or a group that has people: slack-group:@handle, entra-group:<object id>), then restart the bot.`,
  }));
  const reported = new Set(tiersNeeding.keys());
  for (const gap of roleGaps(policy)) {
    if (reported.has(gap.role)) continue;
    reported.add(gap.role);
    findings.push({
      check: 'policy',
      subject: gap.role,
      problem: gap.problem,
      fix: `Add members in ${policyFolder}/roles.yaml under roles.${gap.role}.members, then restart the bot.`,
    });
  }
  return findings;
}

/** Each group a role names that could not be read when last tried, once, with its fix. */
async function groupFindings(deps: Pick<DoctorDeps, 'roles'>): Promise<Finding[]> {
  if (!deps.roles) return [];
  const findings = new Map<string, Finding>();
  for (const listing of await deps.roles.list())
    for (const group of listing.groups)
      if (group.problem && !findings.has(group.entry))
        findings.set(group.entry, {
          check: 'roles',
          subject: group.entry,
          problem: `${group.problem} ${group.readAt ? `The people it had when last read (${group.members}) still hold the role.` : 'Nobody holds a role through it yet.'}`,
          fix: group.fix ?? 'Run `microapp roles refresh` to try again.',
        });
  return [...findings.values()];
}

/** A wait in words: minutes up to two hours, hours up to two days, then days. */
function waitedFor(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

async function deliveryFindings(deps: Pick<DoctorDeps, 'outbox' | 'clock'>): Promise<Finding[]> {
  const now = deps.clock.now().getTime();
  const findings: Finding[] = [];
  const oldest = await deps.outbox.oldestWaitingAt();
  if (oldest && now - Date.parse(oldest) > PENDING_TOO_LONG_MS) {
    const counts = await deps.outbox.counts();
    findings.push({
      check: 'delivery',
      subject: 'pending',
      problem: `${counts.pending + counts.sending === 1 ? '1 message waits' : `${counts.pending + counts.sending} messages wait`} to go out, the oldest for ${waitedFor(now - Date.parse(oldest))}: the delivery worker is not sending them.`,
      fix: 'Check that the bot is running (its delivery worker sends them) and its log for delivery errors; `microapp deliveries --status pending` lists them with their last error.',
    });
  }
  const recent = (await deps.outbox.list({ states: ['undeliverable'], limit: UNDELIVERABLE_LOOKED_AT })).filter(
    (r) => now - Date.parse(r.doneAt ?? r.createdAt) <= UNDELIVERABLE_RECENT_MS,
  );
  const byFix = new Map<string, typeof recent>();
  for (const row of recent) byFix.set(row.fix ?? '', [...(byFix.get(row.fix ?? '') ?? []), row]);
  for (const [fix, rows] of byFix) {
    findings.push({
      check: 'delivery',
      subject: 'undeliverable',
      problem: `${rows.length} message${rows.length === 1 ? '' : 's'} could not be delivered in the last 7 days and will not be retried${rows[0]!.lastError ? ` (${rows[0]!.lastError})` : ''}.`,
      fix: `${fix ? `${fix.replace(/\.?$/, '.')} ` : ''}\`microapp deliveries --status undeliverable\` lists each one.`,
    });
  }
  return findings;
}

/** Each SIEM sink whose last attempt failed (the error clears once a batch goes through). */
async function siemFindings(deps: Pick<DoctorDeps, 'siem'>): Promise<Finding[]> {
  if (!deps.siem) return [];
  return (await deps.siem()).flatMap((s): Finding[] =>
    s.lastError
      ? [
          {
            check: 'siem',
            subject: s.sink,
            problem: `The ${s.sink} SIEM sink is ${s.behind === 1 ? '1 audit event' : `${s.behind} audit events`} behind: its last batch failed (${s.lastError}).`,
            fix: `Check the sink's SIEM_* settings and that the collector is up and accepts the events; the bot retries by itself. An event the collector refuses for good holds the sink: \`microapp siem skip ${s.sink}\` shows it and how to skip it (see docs/audit.md, "To the SIEM").`,
          },
        ]
      : [],
  );
}

function platformName(platform: string): string {
  return platform === 'teams' ? 'Teams' : 'Slack';
}
