import type { DeliverySizes } from './delivery-throughput';

/** Targets the figures are judged against. */
export const TARGETS = {
  policyPerSecond: 40_000,
  secretScanP99Ms: 5,
  registrationP99Ms: 10,
  listP99Ms: 20,
  slackAckP99Ratio: 1.5,
  slackAckP99Ms: 100,
  teamsInvokeP99Ratio: 1.5,
  teamsInvokeP99Ms: 200,
  /** Posts per channel, after the first, as a percentage of Slack's 1 per second. */
  deliveryRatePercent: 90,
  reminderPlanMs: 1000,
  reminderRssMiB: 250,
  /** A reminder sweep with nothing new due and nothing changed. */
  idleTickMs: 50,
  discoveryItemsPerSecond: 2000,
  discoveryCoverageMs: 1000,
  /** How much more a stalled reader may make the export hold than a prompt one. */
  exportStallExtraMiB: 25,
  /** Peak RSS of an export process, whatever its reader's pace. */
  exportRssMiB: 250,
  /** A health round over SIZES.health.apps endpoints: a round every 15 minutes must end well inside them. */
  healthRoundMs: 120_000,
  healthRssMiB: 250,
  /** `POST /api/v1/gate` at SIZES.api.concurrency in flight. */
  apiGateP99Ms: 20,
  /** `microapp audit checkpoint` over SIZES.audit.events events, as a whole process. */
  auditCheckpointMs: 10_000,
  /** `microapp audit verify --from-dir` (chain and checkpoints) over them, as a whole process. */
  auditVerifyMs: 30_000,
  /** Peak RSS of either. */
  auditRssMiB: 300,
  /** From one registry size to ten times it, a whole-registry operation's cost per app (or a latency) may grow this much. */
  scaleGrowth: 1.5,
  /** Peak RSS of the bot's core, and of an export, at the largest registry. */
  scaleRssMiB: 500,
} as const;

/** How much work each part does; bounded so the whole run stays within a few minutes. */
export const SIZES = {
  corpus: 1000,
  policySeconds: 3,
  secretScans: 5000,
  secretScanWarmup: 500,
  registrations: { sqlite: 2000, postgres: 2000 },
  registrationWarmup: 100,
  listRows: 100_000,
  listCalls: 500,
  slackAck: { commands: 2000, clicks: 2000, warmup: 250, concurrency: 50, block: 250 },
  teamsInvoke: {
    approvals: 2000,
    refreshes: 1000,
    warmup: 250,
    concurrency: 50,
    block: 250,
    reviewers: 10,
    refreshReviews: 100,
  },
  delivery: { channels: 10, perChannel: 30, order: 'interleaved' } satisfies DeliverySizes,
  reminders: { apps: 100_000, due: 10_000, owners: 3000, plans: 5 },
  discovery: { items: 100_000, pageSize: 500, registered: 20_000, coverageRuns: 5 },
  export: { apps: 100_000, stallMs: 5000 },
  health: { apps: 10_000, concurrency: 16 },
  api: { registrations: 600, requests: 4000, rounds: 4, concurrency: 50, warmup: 500 },
  audit: { events: 1_000_000, more: 1000 },
  /** Registry sizes of the scaling curve (BENCH_SCALE_SIZES overrides them) and the work measured at each. */
  scale: { apps: [10_000, 100_000, 1_000_000], registrations: 300, warmup: 30, calls: 100, plans: 3 },
} as const;
