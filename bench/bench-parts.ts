import { loadPolicy } from '../src/policy/load-policy';
import type { BenchContext, BenchPart } from './bench-part';
import { perDialect } from './bench-part';
import type { BenchRow } from './bench-row';
import { count, ms, verdict } from './bench-row';
import { dashboardPart } from './dashboard-part';
import type { ApiLatency } from './api-latency';
import { apiLatencyInFreshProcess } from './api-latency';
import { describeDiscovery, discoveryScan } from './discovery-scan';
import { describeExportRun, exportThroughput } from './export-throughput';
import { deliveryMet, deliveryThroughputInFreshProcess, describeDelivery } from './delivery-throughput';
import { listLatency } from './list-latency';
import { manifestCorpus } from './manifest-corpus';
import { policyThroughput } from './policy-throughput';
import { registrationLatencyInFreshProcess } from './registration-latency';
import { describeSweep, reminderSweepInFreshProcess } from './reminder-sweep';
import { scalePart } from './scale-part';
import { secretScanLatency } from './secret-scan';
import { SIZES, TARGETS } from './bench-sizes';
import type { AckComparison } from './slack-ack-latency';
import { slackAckLatencyInFreshProcess } from './slack-ack-latency';
import { describeTeamsInvoke, teamsInvokeLatencyInFreshProcess, teamsInvokeRows } from './teams-invoke-latency';
import { tierCounts } from './tier-counts';
import { elapsedMs } from './time-calls';
import { describeHealthRound, healthRoundInFreshProcess } from './health-round';
import { auditScale, describeAuditScale } from './audit-scale';

/** The shipped policy and a corpus of manifests over it, shared by the parts that need them. */
async function policyAndCorpus(ctx: BenchContext) {
  const policy = await loadPolicy(ctx.policyDir);
  return { policy, corpus: manifestCorpus(policy, SIZES.corpus) };
}

const policyPart: BenchPart = {
  name: 'policy',
  about: 'policy evaluation throughput over a corpus of manifests, one thread',
  async run(ctx) {
    const { policy, corpus } = await policyAndCorpus(ctx);
    const tiers = tierCounts(policy, corpus);
    ctx.say(
      `policy ${policy.version}: ${policy.rules.length} rules; corpus of ${corpus.length} manifests: ${Object.entries(
        tiers,
      )
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    const evaluation = policyThroughput(policy, corpus, SIZES.policySeconds * 1000);
    ctx.say(`  assess: ${count(evaluation.evaluated)} evaluations in ${ms(evaluation.measuredMs)}`);
    return {
      figures: { version: policy.version, rules: policy.rules.length, tiers, ...evaluation },
      rows: [
        {
          what: 'policy evaluation: assess(), 1 thread',
          dialect: '-',
          figure: `${count(evaluation.perSecond)} manifests/s (${evaluation.microsPerManifest.toFixed(1)} µs each)`,
          target: `>= ${count(TARGETS.policyPerSecond)}/s`,
          verdict: verdict(evaluation.perSecond >= TARGETS.policyPerSecond),
        },
      ],
    };
  },
};

const secretsPart: BenchPart = {
  name: 'secrets',
  about: 'secret scan time of one whole manifest, clean and with a credential',
  async run(ctx) {
    const { corpus } = await policyAndCorpus(ctx);
    const scan = await secretScanLatency(corpus, SIZES.secretScans, SIZES.secretScanWarmup);
    ctx.say(
      `  secret scan: ${scan.manifests} manifests, flagged ${scan.flagged.clean} clean and ${scan.flagged.withCredential} with a credential added; max ${ms(scan.clean.max)} clean, ${ms(scan.withCredential.max)} with a credential`,
    );
    const rows = (
      [
        ['clean', scan.clean],
        ['with a credential in purpose', scan.withCredential],
      ] as const
    ).map(
      ([what, stats]): BenchRow => ({
        what: `secret scan of one manifest, ${what}`,
        dialect: '-',
        figure: `p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)}`,
        target: `p99 < ${TARGETS.secretScanP99Ms} ms`,
        verdict: verdict(stats.p99 < TARGETS.secretScanP99Ms),
      }),
    );
    return { rows, figures: scan };
  },
};

const registrationPart: BenchPart = {
  name: 'registration',
  about: 'submitRegistration() latency in a fresh process, SQLite and PostgreSQL',
  run: (ctx) =>
    perDialect(ctx, 'registration: submitRegistration()', async (target, kind) => {
      const r = await registrationLatencyInFreshProcess(
        target,
        ctx.policyDir,
        SIZES.registrations[kind],
        SIZES.registrationWarmup,
      );
      ctx.say(
        `  ${kind} registrations (fresh process): ${r.registrations} measured after ${r.warmup} warm-up; ${Object.entries(
          r.tiers,
        )
          .map(([t, n]) => `${t} ${n}`)
          .join(
            ', ',
          )}; decisions ${JSON.stringify(r.decisions)}; mean ${ms(r.latency.mean)}, max ${ms(r.latency.max)}, heap after ${r.heapUsedMiB} MiB`,
      );
      ctx.say(
        `    by block: ${r.blocks.map((b) => `#${b.from}-${b.to} p50 ${ms(b.p50)} p99 ${ms(b.p99)}`).join('; ')}`,
      );
      const sqlite = kind === 'sqlite';
      const row: BenchRow = {
        what: 'registration: submitRegistration()',
        dialect: kind,
        figure: `p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, ${count(r.perSecond)} tx/s`,
        target: sqlite ? `p99 < ${TARGETS.registrationP99Ms} ms` : '- (none set)',
        verdict: sqlite ? verdict(r.latency.p99 < TARGETS.registrationP99Ms) : 'INFO',
      };
      return { rows: [row], figures: r };
    }),
};

const listPart: BenchPart = {
  name: 'list',
  about: `list and name search at ${count(SIZES.listRows)} apps, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, `list at ${count(SIZES.listRows)} apps`, async (target, kind) => {
      const l = await listLatency(target, SIZES.listRows, SIZES.listCalls);
      ctx.say(
        `  ${kind}: seeded ${count(l.seeded.rows)} apps (${l.seeded.owners} owners) in ${ms(l.seeded.seedMs)}; ${SIZES.listCalls} calls per query`,
      );
      const rows = l.cases.map(
        (c): BenchRow => ({
          what: `list ${count(SIZES.listRows)}: ${c.name}`,
          dialect: kind,
          figure: `p50 ${ms(c.latency.p50)}, p99 ${ms(c.latency.p99)} (${c.meanApps.toFixed(1)} apps/page)`,
          target: `p99 < ${TARGETS.listP99Ms} ms`,
          verdict: verdict(c.latency.p99 < TARGETS.listP99Ms),
        }),
      );
      return { rows, figures: l };
    }),
};

const slackPart: BenchPart = {
  name: 'slack',
  about: 'Slack acknowledgement latency of a slash command and an Approve click, against a bare bolt app',
  async run(ctx) {
    const begin = process.hrtime.bigint();
    const ack = await slackAckLatencyInFreshProcess(ctx.policyDir, SIZES.slackAck);
    const partMs = elapsedMs(begin);
    const { commands, clicks, concurrency } = SIZES.slackAck;
    ctx.say(
      `  slack acks (fresh process, ${concurrency} in flight, targets alternating): ${count(ack.command.oursPerSecond)} vs ${count(ack.command.barePerSecond)} commands/s, ${count(ack.click.oursPerSecond)} vs ${count(ack.click.barePerSecond)} clicks/s (ours vs bare); after the acks our bot approved ${ack.afterAck.approvals} and refused ${count(ack.afterAck.refusals)} clicks; part took ${(partMs / 1000).toFixed(1)} s`,
    );
    const row = (what: string, n: number, c: AckComparison): BenchRow => ({
      what: `Slack ack: ${what}, ${count(n)} at ${concurrency} in flight`,
      dialect: 'sqlite',
      figure: `ours p50 ${ms(c.ours.p50)}, p99 ${ms(c.ours.p99)}; bare bolt p50 ${ms(c.bare.p50)}, p99 ${ms(c.bare.p99)}; p99 ratio ${c.p99Ratio.toFixed(2)}`,
      target: `p99 ratio <= ${TARGETS.slackAckP99Ratio}, ours p99 < ${TARGETS.slackAckP99Ms} ms`,
      verdict: verdict(c.p99Ratio <= TARGETS.slackAckP99Ratio && c.ours.p99 < TARGETS.slackAckP99Ms),
    });
    return {
      figures: { ...ack, partMs },
      rows: [
        row('slash command /microapp help', commands, ack.command),
        row('Approve button click', clicks, ack.click),
      ],
    };
  },
};

const teamsPart: BenchPart = {
  name: 'teams',
  about: 'Teams card action (Approve, refresh) latency, against a bare botbuilder bot',
  async run(ctx) {
    const invoke = await teamsInvokeLatencyInFreshProcess(ctx.policyDir, SIZES.teamsInvoke);
    ctx.say(
      `  teams invokes (fresh process, ${SIZES.teamsInvoke.concurrency} in flight, targets alternating): ${describeTeamsInvoke(invoke)}`,
    );
    return { rows: teamsInvokeRows(invoke, TARGETS), figures: invoke };
  },
};

const deliveryPart: BenchPart = {
  name: 'delivery',
  about: "outbox delivery throughput against Slack's limit of one post per second per channel",
  async run(ctx) {
    const delivery = await deliveryThroughputInFreshProcess(ctx.policyDir, SIZES.delivery);
    ctx.say(
      `  delivery (fresh process, real worker and Slack messenger over HTTP, stand-in refusing posts < 1 s apart per channel): ${describeDelivery(delivery)}`,
    );
    const row: BenchRow = {
      what: `delivery: ${count(delivery.messages)} Slack posts to ${SIZES.delivery.channels} channels at once`,
      dialect: 'sqlite',
      figure: `${delivery.ratePercent.mean.toFixed(1)}% of 1/s per channel (lowest ${delivery.ratePercent.min.toFixed(1)}%), ${delivery.rateLimited} × 429, ${delivery.once}/${delivery.messages} posted once, ${(delivery.totalMs / 1000).toFixed(1)} s`,
      target: `>= ${TARGETS.deliveryRatePercent}% of 1/s, no 429, each once`,
      verdict: verdict(deliveryMet(delivery, TARGETS.deliveryRatePercent)),
    };
    return { rows: [row], figures: delivery };
  },
};

const sweepPart: BenchPart = {
  name: 'sweep',
  about: `the reminder sweep at ${count(SIZES.reminders.apps)} apps with ${count(SIZES.reminders.due)} reminders due, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, 'reminder sweep', async (target, kind) => {
      const s = await reminderSweepInFreshProcess(target, ctx.policyDir, { ...SIZES.reminders });
      ctx.say(`  reminders (fresh process): ${describeSweep(s)}`);
      const rows: BenchRow[] = [
        {
          what: `reminder sweep: ${count(s.items)} due of ${count(s.sizes.apps)} apps, ${count(s.digests)} digests`,
          dialect: kind,
          figure: `plan (dry run) median ${ms(s.planMs.median)}, max ${ms(s.planMs.max)}; sweep ${ms(s.sweepMs)}, next ${ms(s.steadyMs)}, idle tick median ${ms(s.idleMs.median)}, max ${ms(s.idleMs.max)}; RSS ${s.rssMiB.toFixed(0)} MiB`,
          target: `plan < ${TARGETS.reminderPlanMs} ms, idle tick < ${TARGETS.idleTickMs} ms, RSS < ${TARGETS.reminderRssMiB} MiB`,
          verdict: verdict(
            s.planMs.median < TARGETS.reminderPlanMs &&
              s.idleMs.median < TARGETS.idleTickMs &&
              s.rssMiB < TARGETS.reminderRssMiB,
          ),
        },
      ];
      if (s.delivery)
        rows.push({
          what: `digest delivery: ${count(s.delivery.digests)} digests, one conversation each`,
          dialect: kind,
          figure: `${s.delivery.perSecond.toFixed(0)} digests/s, ${s.delivery.rateLimited} × 429, ${count(s.delivery.done)} digests and ${count(s.delivery.otherDone)} other notices delivered, ${count(s.delivery.posts)} posts`,
          target: 'each digest once, no 429',
          verdict: verdict(
            s.delivery.done === s.delivery.digests &&
              s.delivery.posts === s.delivery.done + s.delivery.otherDone &&
              s.delivery.rateLimited === 0,
          ),
        });
      return { rows, figures: s };
    }),
};

const discoveryPart: BenchPart = {
  name: 'discovery',
  about: `a discovery scan of ${count(SIZES.discovery.items)} items from a paged source, a rescan and the coverage, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, 'discovery scan', async (target, kind) => {
      const d = await discoveryScan(target, ctx.policyDir, { ...SIZES.discovery });
      ctx.say(`  discovery: ${describeDiscovery(d)}`);
      const row: BenchRow = {
        what: `discovery scan: ${count(d.sizes.items)} items in pages of ${d.sizes.pageSize}, then coverage`,
        dialect: kind,
        figure: `${count(d.itemsPerSecond)} items/s (scan ${ms(d.scanMs)}, rescan ${ms(d.rescanMs)}); coverage median ${ms(d.coverageMs.median)}`,
        target: `>= ${count(TARGETS.discoveryItemsPerSecond)} items/s, coverage < ${TARGETS.discoveryCoverageMs} ms`,
        verdict: verdict(
          d.itemsPerSecond >= TARGETS.discoveryItemsPerSecond && d.coverageMs.median < TARGETS.discoveryCoverageMs,
        ),
      };
      return { rows: [row], figures: d };
    }),
};

const exportPart: BenchPart = {
  name: 'export',
  about: `\`microapp export\` of ${count(SIZES.export.apps)} apps to a prompt reader and to one that stalls, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, 'export', async (target, kind) => {
      const { apps, stallMs } = SIZES.export;
      const e = await exportThroughput(target, ctx.policyDir, apps, [
        { format: 'csv', stallMs: 0 },
        { format: 'csv', stallMs },
        { format: 'json', stallMs: 0 },
        { format: 'json', stallMs },
      ]);
      ctx.say(`  export (its own process): ${kind}, ${count(e.apps)} apps seeded in ${ms(e.seedMs)}`);
      for (const run of e.runs) ctx.say(`    ${describeExportRun(run)}`);
      const rows = (['csv', 'json'] as const).map((format): BenchRow => {
        const [prompt, stalled] = [0, stallMs].map((s) => e.runs.find((r) => r.format === format && r.stallMs === s)!);
        return {
          what: `export ${format.toUpperCase()} of ${count(apps)} apps, prompt / stalled ${stallMs / 1000} s reader`,
          dialect: kind,
          figure: `${ms(prompt!.ms)} / ${ms(stalled!.ms)}; peak RSS ${prompt!.maxRssMiB.toFixed(0)} / ${stalled!.maxRssMiB.toFixed(0)} MiB`,
          target: `RSS < ${TARGETS.exportRssMiB} MiB, stalled <= prompt + ${TARGETS.exportStallExtraMiB} MiB, same bytes`,
          verdict: verdict(
            Math.max(prompt!.maxRssMiB, stalled!.maxRssMiB) < TARGETS.exportRssMiB &&
              stalled!.maxRssMiB <= prompt!.maxRssMiB + TARGETS.exportStallExtraMiB &&
              stalled!.sha256 === prompt!.sha256,
          ),
        };
      });
      return { rows, figures: e };
    }),
};

const healthPart: BenchPart = {
  name: 'health',
  about: `a health round over ${count(SIZES.health.apps)} https endpoints (a local stand-in), ${SIZES.health.concurrency} at a time, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, 'health round', async (target, kind) => {
      const h = await healthRoundInFreshProcess(target, ctx.policyDir, { ...SIZES.health });
      ctx.say(`  health: ${describeHealthRound(h)}`);
      const row: BenchRow = {
        what: `health round: ${count(h.sizes.apps)} https endpoints, ${h.sizes.concurrency} at a time`,
        dialect: kind,
        figure: `${(h.roundMs / 1000).toFixed(1)} s (${count(h.checksPerSecond)} checks/s); peak RSS ${h.peakRssMiB.toFixed(0)} MiB; <= ${h.peakOpen} open`,
        target: `< ${TARGETS.healthRoundMs / 1000} s, RSS < ${TARGETS.healthRssMiB} MiB, <= ${h.sizes.concurrency} open`,
        verdict: verdict(
          h.roundMs < TARGETS.healthRoundMs &&
            h.peakRssMiB < TARGETS.healthRssMiB &&
            h.peakOpen <= h.sizes.concurrency &&
            h.counts.unstored === 0,
        ),
      };
      return { rows: [row], figures: h };
    }),
};

const apiPart: BenchPart = {
  name: 'api',
  about: `REST API: POST /api/v1/gate beside GET /healthz, ${SIZES.api.concurrency} in flight, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, 'api', async (target, kind) => {
      const a = await apiLatencyInFreshProcess(target, ctx.policyDir, { ...SIZES.api });
      ctx.say(
        `  api (fresh process, load from another): ${kind}, ${a.seeded.registrations} registered (${a.seeded.approved} approved) in ${ms(a.seeded.seedMs)}; gate statuses ${JSON.stringify(a.gate.statuses)}, results ${JSON.stringify(a.gate.results)}; healthz statuses ${JSON.stringify(a.health.statuses)}`,
      );
      const all200 = (statuses: Record<string, number>) => Object.keys(statuses).every((s) => s === '200');
      const row = (what: string, l: ApiLatency['gate'] | ApiLatency['health'], target: string, met: boolean) => ({
        what: `${what}, ${count(l.count)} at ${a.sizes.concurrency} in flight`,
        dialect: kind,
        figure: `p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, ${count(l.perSecond)}/s`,
        target,
        verdict: verdict(met && all200(l.statuses)),
      });
      return {
        figures: a,
        rows: [
          row(
            'API: POST /api/v1/gate',
            a.gate,
            `p99 < ${TARGETS.apiGateP99Ms} ms, all 200`,
            a.gate.p99 < TARGETS.apiGateP99Ms,
          ),
          row('API: GET /healthz (same run)', a.health, 'all 200', true),
        ],
      };
    }),
};

const auditPart: BenchPart = {
  name: 'audit',
  about: `audit checkpoint and audit verify (chain and checkpoints) at ${count(SIZES.audit.events)} events, each CLI run its own process, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, 'audit checkpoints', async (target, kind) => {
      const a = await auditScale(target, ctx.policyDir, { ...SIZES.audit });
      ctx.say(`  audit: ${describeAuditScale(a)}`);
      const run = (r: { ms: number; maxRssMiB: number }) =>
        `${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.maxRssMiB.toFixed(0)} MiB`;
      const rssOk = (r: { maxRssMiB: number }) => r.maxRssMiB < TARGETS.auditRssMiB;
      const rows: BenchRow[] = [
        {
          what: `audit checkpoint: Merkle root of ${count(a.sizes.events)} events, signed (whole process)`,
          dialect: kind,
          figure: `${run(a.firstCheckpoint)}; next after +${count(a.sizes.more)}: ${run(a.nextCheckpoint)}`,
          target: `< ${TARGETS.auditCheckpointMs / 1000} s, RSS < ${TARGETS.auditRssMiB} MiB`,
          verdict: verdict(
            a.firstCheckpoint.ms < TARGETS.auditCheckpointMs && rssOk(a.firstCheckpoint) && rssOk(a.nextCheckpoint),
          ),
        },
        {
          what: `audit verify: chain and 2 checkpoints over ${count(a.sizes.events + a.sizes.more)} events (whole process)`,
          dialect: kind,
          figure: run(a.verify),
          target: `< ${TARGETS.auditVerifyMs / 1000} s, RSS < ${TARGETS.auditRssMiB} MiB, holds`,
          verdict: verdict(a.verify.ms < TARGETS.auditVerifyMs && rssOk(a.verify) && a.held),
        },
      ];
      return { rows, figures: a };
    }),
};

/** Every part, in the order a whole run takes them. */
export const BENCH_PARTS: readonly BenchPart[] = [
  policyPart,
  secretsPart,
  registrationPart,
  listPart,
  slackPart,
  teamsPart,
  deliveryPart,
  sweepPart,
  discoveryPart,
  exportPart,
  dashboardPart,
  healthPart,
  apiPart,
  auditPart,
  scalePart,
];
