/**
 * `npm run bench`: policy evaluation throughput, secret scan time of one manifest, registration latency (SQLite and PostgreSQL) and
 * list/search latency at 100,000 apps, Slack acknowledgement latency (our bot against a bare bolt
 * app under the same signed requests), Teams card action latency (our bot against a bare botbuilder
 * bot under the same invokes), outbox delivery throughput against Slack's per-channel posting
 * limit, the reminder sweep at 100,000 apps (plan time, memory, digest delivery), and a discovery
 * scan of 100,000 items with the coverage computation, printed as one table and written to bench/results.json.
 * PostgreSQL parts need an admin connection (BENCH_POSTGRES_URL, default postgres:postgres@127.0.0.1)
 * and are skipped, with a printed line, when none answers. Temp files and databases are removed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { loadPolicy } from '../src/policy/load-policy';
import type { DatabaseTarget } from '../src/store/database-target';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, postgresUnreachable, postgresVersion } from './bench-database';
import type { BenchRow } from './bench-row';
import { count, ms, verdict } from './bench-row';
import type { DeliverySizes } from './delivery-throughput';
import { deliveryMet, deliveryThroughputInFreshProcess, describeDelivery } from './delivery-throughput';
import { formatTable } from './format-table';
import type { ListLatency } from './list-latency';
import { listLatency } from './list-latency';
import { manifestCorpus } from './manifest-corpus';
import { policyThroughput } from './policy-throughput';
import type { RegistrationLatency } from './registration-latency';
import { registrationLatencyInFreshProcess } from './registration-latency';
import type { AckComparison } from './slack-ack-latency';
import { slackAckLatencyInFreshProcess } from './slack-ack-latency';
import type { SweepBench } from './reminder-sweep';
import { describeSweep, reminderSweepInFreshProcess } from './reminder-sweep';
import { describeTeamsInvoke, teamsInvokeLatencyInFreshProcess, teamsInvokeRows } from './teams-invoke-latency';
import { secretScanLatency } from './secret-scan';
import { tierCounts } from './tier-counts';
import { elapsedMs } from './time-calls';
import type { DiscoveryBench } from './discovery-scan';
import { describeDiscovery, discoveryScan } from './discovery-scan';

/** Targets the figures are judged against. */
export const TARGETS = {
  policyPerSecond: 20_000,
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
  /** A daily scan of 100,000 items should take minutes, not hours: the source's own pace is the limit. */
  discoveryItemsPerSecond: 2000,
  discoveryCoverageMs: 1000,
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
} as const;

/** Runs every benchmark, prints the table and writes bench/results.json. */
export async function runAll(): Promise<void> {
  const root = projectRoot(__dirname);
  const policyDir = join(root, 'policies');
  const adminUrl = process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL;
  const begin = process.hrtime.bigint();
  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    tmpdir: tmpdir(),
    postgres: undefined as string | undefined,
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `microapp-bot bench: ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, ${machine.platform}`,
  );

  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = { machine, targets: TARGETS, sizes: SIZES };

  // 1. Policy evaluation.
  const policy = await loadPolicy(policyDir);
  const corpus = manifestCorpus(policy, SIZES.corpus);
  const tiers = tierCounts(policy, corpus);
  say(
    `policy ${policy.version}: ${policy.rules.length} rules; corpus of ${corpus.length} manifests: ${Object.entries(
      tiers,
    )
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  const evaluation = policyThroughput(policy, corpus, SIZES.policySeconds * 1000);
  say(`  assess: ${count(evaluation.evaluated)} evaluations in ${ms(evaluation.measuredMs)}`);
  results.policy = { version: policy.version, rules: policy.rules.length, tiers, ...evaluation };
  rows.push({
    what: 'policy evaluation: assess(), 1 thread',
    dialect: '-',
    figure: `${count(evaluation.perSecond)} manifests/s (${evaluation.microsPerManifest.toFixed(1)} µs each)`,
    target: `>= ${count(TARGETS.policyPerSecond)}/s`,
    verdict: verdict(evaluation.perSecond >= TARGETS.policyPerSecond),
  });

  // 1b. Secret scan of one whole manifest.
  const scan = await secretScanLatency(corpus, SIZES.secretScans, SIZES.secretScanWarmup);
  results.secretScan = scan;
  say(
    `  secret scan: ${scan.manifests} manifests, flagged ${scan.flagged.clean} clean and ${scan.flagged.withCredential} with a credential added; max ${ms(scan.clean.max)} clean, ${ms(scan.withCredential.max)} with a credential`,
  );
  for (const [what, stats] of [
    ['clean', scan.clean],
    ['with a credential in purpose', scan.withCredential],
  ] as const) {
    rows.push({
      what: `secret scan of one manifest, ${what}`,
      dialect: '-',
      figure: `p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)}`,
      target: `p99 < ${TARGETS.secretScanP99Ms} ms`,
      verdict: verdict(stats.p99 < TARGETS.secretScanP99Ms),
    });
  }

  // PostgreSQL, when there is one.
  const unreachable = await postgresUnreachable(adminUrl);
  const dialects: DatabaseTarget['kind'][] = unreachable ? ['sqlite'] : ['sqlite', 'postgres'];
  if (unreachable)
    say(
      `PostgreSQL parts skipped: no server at ${new URL(adminUrl).host} (${unreachable}); set BENCH_POSTGRES_URL to an admin connection.`,
    );
  else machine.postgres = await postgresVersion(adminUrl);

  // 2. Registration transactions.
  const registration: Record<string, RegistrationLatency | { skipped: string }> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!dialects.includes(kind)) {
      registration[kind] = { skipped: unreachable! };
      rows.push({
        what: 'registration: submitRegistration()',
        dialect: kind,
        figure: 'skipped (no server)',
        target: '-',
        verdict: 'SKIP',
      });
      continue;
    }
    const db = await createBenchDatabase(kind, adminUrl);
    try {
      const r = await registrationLatencyInFreshProcess(
        db.target,
        policyDir,
        SIZES.registrations[kind],
        SIZES.registrationWarmup,
      );
      registration[kind] = r;
      say(
        `  ${kind} registrations (fresh process): ${r.registrations} measured after ${r.warmup} warm-up; ${Object.entries(
          r.tiers,
        )
          .map(([t, n]) => `${t} ${n}`)
          .join(
            ', ',
          )}; decisions ${JSON.stringify(r.decisions)}; mean ${ms(r.latency.mean)}, max ${ms(r.latency.max)}, heap after ${r.heapUsedMiB} MiB`,
      );
      say(`    by block: ${r.blocks.map((b) => `#${b.from}-${b.to} p50 ${ms(b.p50)} p99 ${ms(b.p99)}`).join('; ')}`);
      const sqlite = kind === 'sqlite';
      rows.push({
        what: 'registration: submitRegistration()',
        dialect: kind,
        figure: `p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, ${count(r.perSecond)} tx/s`,
        target: sqlite ? `p99 < ${TARGETS.registrationP99Ms} ms` : '- (none set)',
        verdict: sqlite ? verdict(r.latency.p99 < TARGETS.registrationP99Ms) : 'INFO',
      });
    } finally {
      await db.drop();
    }
  }
  results.registration = registration;

  // 3. List and search at 100,000 apps.
  const list: Record<string, ListLatency | { skipped: string }> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!dialects.includes(kind)) {
      list[kind] = { skipped: unreachable! };
      rows.push({
        what: `list at ${count(SIZES.listRows)} apps`,
        dialect: kind,
        figure: 'skipped (no server)',
        target: '-',
        verdict: 'SKIP',
      });
      continue;
    }
    const db = await createBenchDatabase(kind, adminUrl);
    try {
      const l = await listLatency(db.target, SIZES.listRows, SIZES.listCalls);
      list[kind] = l;
      say(
        `  ${kind}: seeded ${count(l.seeded.rows)} apps (${l.seeded.owners} owners) in ${ms(l.seeded.seedMs)}; ${SIZES.listCalls} calls per query`,
      );
      for (const c of l.cases) {
        rows.push({
          what: `list ${count(SIZES.listRows)}: ${c.name}`,
          dialect: kind,
          figure: `p50 ${ms(c.latency.p50)}, p99 ${ms(c.latency.p99)} (${c.meanApps.toFixed(1)} apps/page)`,
          target: `p99 < ${TARGETS.listP99Ms} ms`,
          verdict: verdict(c.latency.p99 < TARGETS.listP99Ms),
        });
      }
    } finally {
      await db.drop();
    }
  }
  results.list = list;

  // 4. Slack acknowledgement latency: our bot against a bare bolt app, same signed requests.
  const ackBegin = process.hrtime.bigint();
  const ack = await slackAckLatencyInFreshProcess(policyDir, SIZES.slackAck);
  const ackMs = elapsedMs(ackBegin);
  results.slackAck = { ...ack, partMs: ackMs };
  const { commands, clicks, concurrency } = SIZES.slackAck;
  say(
    `  slack acks (fresh process, ${concurrency} in flight, targets alternating): ${count(ack.command.oursPerSecond)} vs ${count(ack.command.barePerSecond)} commands/s, ${count(ack.click.oursPerSecond)} vs ${count(ack.click.barePerSecond)} clicks/s (ours vs bare); after the acks our bot approved ${ack.afterAck.approvals} and refused ${count(ack.afterAck.refusals)} clicks; part took ${(ackMs / 1000).toFixed(1)} s`,
  );
  const ackRow = (what: string, n: number, c: AckComparison): BenchRow => ({
    what: `Slack ack: ${what}, ${count(n)} at ${concurrency} in flight`,
    dialect: 'sqlite',
    figure: `ours p50 ${ms(c.ours.p50)}, p99 ${ms(c.ours.p99)}; bare bolt p50 ${ms(c.bare.p50)}, p99 ${ms(c.bare.p99)}; p99 ratio ${c.p99Ratio.toFixed(2)}`,
    target: `p99 ratio <= ${TARGETS.slackAckP99Ratio}, ours p99 < ${TARGETS.slackAckP99Ms} ms`,
    verdict: verdict(c.p99Ratio <= TARGETS.slackAckP99Ratio && c.ours.p99 < TARGETS.slackAckP99Ms),
  });
  rows.push(
    ackRow('slash command /microapp help', commands, ack.command),
    ackRow('Approve button click', clicks, ack.click),
  );

  // 5. Teams card actions: our bot against a bare botbuilder bot, same invokes.
  const invoke = await teamsInvokeLatencyInFreshProcess(policyDir, SIZES.teamsInvoke);
  results.teamsInvoke = invoke;
  say(
    `  teams invokes (fresh process, ${SIZES.teamsInvoke.concurrency} in flight, targets alternating): ${describeTeamsInvoke(invoke)}`,
  );
  rows.push(...teamsInvokeRows(invoke, TARGETS));

  // 6. Outbox delivery against Slack's limit of one post per second per channel.
  const delivery = await deliveryThroughputInFreshProcess(policyDir, SIZES.delivery);
  results.delivery = delivery;
  say(
    `  delivery (fresh process, real worker and Slack messenger over HTTP, stand-in refusing posts < 1 s apart per channel): ${describeDelivery(delivery)}`,
  );
  rows.push({
    what: `delivery: ${count(delivery.messages)} Slack posts to ${SIZES.delivery.channels} channels at once`,
    dialect: 'sqlite',
    figure: `${delivery.ratePercent.mean.toFixed(1)}% of 1/s per channel (lowest ${delivery.ratePercent.min.toFixed(1)}%), ${delivery.rateLimited} × 429, ${delivery.once}/${delivery.messages} posted once, ${(delivery.totalMs / 1000).toFixed(1)} s`,
    target: `>= ${TARGETS.deliveryRatePercent}% of 1/s, no 429, each once`,
    verdict: verdict(deliveryMet(delivery, TARGETS.deliveryRatePercent)),
  });

  // 7. The reminder sweep at 100,000 apps with 10,000 reminders due.
  const sweeps: Record<string, SweepBench | { skipped: string }> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!dialects.includes(kind)) {
      sweeps[kind] = { skipped: unreachable! };
      rows.push({ what: 'reminder sweep', dialect: kind, figure: 'skipped (no server)', target: '-', verdict: 'SKIP' });
      continue;
    }
    const db = await createBenchDatabase(kind, adminUrl);
    try {
      const s = await reminderSweepInFreshProcess(db.target, policyDir, { ...SIZES.reminders });
      sweeps[kind] = s;
      say(`  reminders (fresh process): ${describeSweep(s)}`);
      rows.push({
        what: `reminder sweep: ${count(s.items)} due of ${count(s.sizes.apps)} apps, ${count(s.digests)} digests`,
        dialect: kind,
        figure: `plan (dry run) median ${ms(s.planMs.median)}, max ${ms(s.planMs.max)}; sweep ${ms(s.sweepMs)}, next ${ms(s.steadyMs)}; RSS ${s.rssMiB.toFixed(0)} MiB`,
        target: `plan < ${TARGETS.reminderPlanMs} ms, RSS < ${TARGETS.reminderRssMiB} MiB`,
        verdict: verdict(s.planMs.median < TARGETS.reminderPlanMs && s.rssMiB < TARGETS.reminderRssMiB),
      });
      if (s.delivery) {
        rows.push({
          what: `digest delivery: ${count(s.delivery.digests)} digests, one conversation each`,
          dialect: kind,
          figure: `${s.delivery.perSecond.toFixed(0)} digests/s, ${s.delivery.rateLimited} × 429, ${count(s.delivery.done)} done`,
          target: 'each once, no 429',
          verdict: verdict(s.delivery.done === s.delivery.digests && s.delivery.rateLimited === 0),
        });
      }
    } finally {
      await db.drop();
    }
  }
  results.reminders = sweeps;

  // 8. Discovery: a scan of 100,000 items from a paged source, and the coverage computation.
  const discovery: Record<string, DiscoveryBench | { skipped: string }> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!dialects.includes(kind)) {
      discovery[kind] = { skipped: unreachable! };
      rows.push({ what: 'discovery scan', dialect: kind, figure: 'skipped (no server)', target: '-', verdict: 'SKIP' });
      continue;
    }
    const db = await createBenchDatabase(kind, adminUrl);
    try {
      const d = await discoveryScan(db.target, policyDir, { ...SIZES.discovery });
      discovery[kind] = d;
      say(`  discovery: ${describeDiscovery(d)}`);
      rows.push({
        what: `discovery scan: ${count(d.sizes.items)} items in pages of ${d.sizes.pageSize}, then coverage`,
        dialect: kind,
        figure: `${count(d.itemsPerSecond)} items/s (scan ${ms(d.scanMs)}, rescan ${ms(d.rescanMs)}); coverage median ${ms(d.coverageMs.median)}`,
        target: `>= ${count(TARGETS.discoveryItemsPerSecond)} items/s, coverage < ${TARGETS.discoveryCoverageMs} ms`,
        verdict: verdict(
          d.itemsPerSecond >= TARGETS.discoveryItemsPerSecond && d.coverageMs.median < TARGETS.discoveryCoverageMs,
        ),
      });
    } finally {
      await db.drop();
    }
  }
  results.discovery = discovery;

  const totalMs = elapsedMs(begin);
  say('');
  say(formatTable(rows));
  say('');
  say(`total ${(totalMs / 1000).toFixed(1)} s`);
  const file = join(root, 'bench', 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ ...results, rows, totalMs, finishedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  say(`figures written to ${file}`);
}

/** The nearest directory at or above `from` holding package.json (works from bench/ and dist/bench/). */
export function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

if (require.main === module) {
  runAll().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
