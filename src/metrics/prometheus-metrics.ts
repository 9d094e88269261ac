import { Counter, Gauge, Histogram, Registry as PromRegistry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../ports/clock';
import type { Metrics } from '../ports/metrics';
import type { Registry } from '../ports/registry';
import { OUTBOX_STATES } from '../ports/outbox';
import { discoveryCoverage } from '../domain/discovery-coverage';
import { HEALTH_STATUSES } from '../domain/app-health';

/** The bot's metrics in Prometheus form: counters as the bot works, registry and outbox gauges read from the database at each scrape. */
export interface PrometheusMetrics extends Metrics {
  /** The exposition format's content type. */
  readonly contentType: string;
  /** Reads the gauges from this database at each scrape, so the CLI's and other replicas' work counts too. */
  readFrom(registry: Registry, clock: Clock): void;
  /** The metrics as Prometheus text. */
  scrape(): Promise<string>;
}

/** Acknowledgement buckets in seconds, around Slack's 3 s and Teams' 5 s limits. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/** Creates the metrics on a registry of their own, with Node's default process metrics. */
export function createPrometheusMetrics(): PrometheusMetrics {
  const register = new PromRegistry();
  collectDefaultMetrics({ register });
  let source: { registry: Registry; clock: Clock } | undefined;
  const registrations = new Counter({
    name: 'microapp_registrations_total',
    help: 'Registrations stored, by tier and decision.',
    labelNames: ['tier', 'decision'],
    registers: [register],
  });
  const decisions = new Counter({
    name: 'microapp_decisions_total',
    help: 'Review clicks recorded, by outcome (approved, denied, approval_recorded).',
    labelNames: ['outcome'],
    registers: [register],
  });
  const refusals = new Counter({
    name: 'microapp_refusals_total',
    help: 'Requests refused, by reason (the error code).',
    labelNames: ['reason'],
    registers: [register],
  });
  const acks = new Histogram({
    name: 'microapp_ack_seconds',
    help: 'Time to answer a platform request (the acknowledgement), by platform.',
    labelNames: ['platform'],
    buckets: ACK_BUCKETS,
    registers: [register],
  });
  const deliveries = new Counter({
    name: 'microapp_deliveries_total',
    help: 'Delivery attempts of outbound messages, by outcome (sent, retry, undeliverable).',
    labelNames: ['outcome'],
    registers: [register],
  });
  const apps = new Gauge({
    name: 'microapp_apps',
    help: 'Apps in the registry, by status and tier (read from the database at scrape time).',
    labelNames: ['status', 'tier'],
    registers: [register],
  });
  const outbox = new Gauge({
    name: 'microapp_outbox_messages',
    help: 'Outbound messages by state (read from the database at scrape time).',
    labelNames: ['state'],
    registers: [register],
  });
  const undeliverable = new Gauge({
    name: 'microapp_undeliverable_messages',
    help: 'Outbound messages given up as undeliverable, each with its fix in `microapp deliveries`.',
    registers: [register],
  });
  const oldest = new Gauge({
    name: 'microapp_outbox_oldest_waiting_seconds',
    help: 'Age of the oldest outbound message still waiting to go out (0 when none).',
    registers: [register],
  });
  const reminders = new Counter({
    name: 'microapp_reminders_sent_total',
    help: 'Reminders queued in digests, by obligation.',
    labelNames: ['obligation'],
    registers: [register],
  });
  const remindersDue = new Gauge({
    name: 'microapp_reminders_due',
    help: 'Reminders due and not yet sent (waiting for working hours or the next sweep), read from the database at scrape time.',
    registers: [register],
  });
  const remindersOldest = new Gauge({
    name: 'microapp_reminders_oldest_due_seconds',
    help: 'How long the oldest reminder due has waited (0 when none).',
    registers: [register],
  });
  const scans = new Counter({
    name: 'microapp_discovery_scans_total',
    help: 'Discovery scans that ended, by source and outcome (complete, failed).',
    labelNames: ['source', 'outcome'],
    registers: [register],
  });
  const discovered = new Gauge({
    name: 'microapp_discovery_items',
    help: 'Discovered items by source and state (new, asked, registered, not-mine, retired, ignored, gone), read from the database at scrape time.',
    labelNames: ['source', 'state'],
    registers: [register],
  });
  const coverage = new Gauge({
    name: 'microapp_discovery_coverage',
    help: 'Items matched to a registered app ÷ items discovered, ignored and gone left out (0..1), by source; source="all" over every source.',
    labelNames: ['source'],
    registers: [register],
  });
  const health = new Gauge({
    name: 'microapp_app_health',
    help: 'Approved apps by the status of their last health check (healthy, degraded, failing), read from the database at scrape time.',
    labelNames: ['status'],
    registers: [register],
  });
  const readHealth = async (registry: Registry) => {
    const counts = await registry.read((tx) => tx.health.counts());
    for (const status of HEALTH_STATUSES) health.set({ status }, counts.find((c) => c.status === status)?.apps ?? 0);
  };
  const readDiscovery = async (registry: Registry, now: string) => {
    const [counts, progress] = await registry.read((tx) =>
      Promise.all([tx.discovered.counts(now), tx.discovered.allProgress()]),
    );
    const figures = discoveryCoverage(counts, progress, []);
    discovered.reset();
    for (const c of counts) discovered.set({ source: c.source, state: c.state }, c.items);
    coverage.reset();
    for (const s of figures.sources) coverage.set({ source: s.source }, s.coverage);
    coverage.set({ source: 'all' }, figures.coverage);
  };
  const readDatabase = async ({ registry, clock }: { registry: Registry; clock: Clock }) => {
    const now = clock.now();
    const [rows, counts, oldestAt, due] = await Promise.all([
      registry.apps.counts(),
      registry.outbox.counts(),
      registry.outbox.oldestWaitingAt(),
      registry.read((tx) => tx.reminders.dueSummary(now.toISOString())),
      readDiscovery(registry, now.toISOString()),
      readHealth(registry),
    ]);
    remindersDue.set(due.due);
    remindersOldest.set(due.oldestDueAt ? Math.max(0, (now.getTime() - Date.parse(due.oldestDueAt)) / 1000) : 0);
    apps.reset();
    for (const row of rows) apps.set({ status: row.status, tier: String(row.tier) }, row.count);
    for (const state of OUTBOX_STATES) outbox.set({ state }, counts[state]);
    undeliverable.set(counts.undeliverable);
    oldest.set(oldestAt ? Math.max(0, (clock.now().getTime() - Date.parse(oldestAt)) / 1000) : 0);
  };
  return {
    contentType: register.contentType,
    readFrom: (registry, clock) => {
      source = { registry, clock };
    },
    async scrape() {
      if (source) await readDatabase(source);
      return register.metrics();
    },
    registered: (tier, decision) => registrations.inc({ tier: String(tier), decision }),
    decided: (outcome) => decisions.inc({ outcome }),
    refused: (reason) => refusals.inc({ reason }),
    acknowledged: (platform, ms) => acks.observe({ platform }, ms / 1000),
    delivered: (outcome) => deliveries.inc({ outcome }),
    reminded: (obligation, count) => reminders.inc({ obligation }, count),
    scanned: (source, outcome) => scans.inc({ source, outcome }),
  };
}
