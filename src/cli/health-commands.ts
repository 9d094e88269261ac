import type { HealthCheckResult } from '../app/health/check-app-health';
import type { HealthRoundReport } from '../app/health/run-health-round';
import type { Runtime } from '../runtime';
import { plural } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

const TOLD: Record<string, string> = {
  alert_owner: 'owner told',
  recovery_to_owner: 'owner told it recovered',
  escalate_to_admins: 'admins told',
};

/**
 * `microapp health run-once [--json]`: checks every approved app's health endpoint now and prints each
 * app's status and reason; exit 1 when an app is failing or another process is running a round.
 */
export async function healthRunOnce(io: CliIo, rt: Runtime, json: boolean): Promise<ExitCode> {
  const report = await rt.core.runHealthRound();
  const results = [...report.results].sort((a, b) => a.name.localeCompare(b.name));
  if (json) {
    io.out(
      `${JSON.stringify(
        {
          outcome: report.outcome,
          checked: results.length,
          counts: report.counts,
          unstored: report.unstored,
          apps: results.map((r) => ({
            id: r.appId,
            name: r.name,
            status: r.status,
            reason: r.reason ?? null,
            ms: Math.round(r.ms),
            told: r.told,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.out(summary(report, results));
  }
  return report.outcome === 'busy' || report.counts.failing > 0 || report.unstored > 0 ? EXIT.finding : EXIT.ok;
}

function summary(report: HealthRoundReport, results: HealthCheckResult[]): string {
  if (report.outcome === 'busy')
    return 'Another process (the bot or another command) is running a health round now; try again in a few minutes.\n';
  if (results.length === 0 && report.unstored === 0)
    return 'No approved app declares a health endpoint (healthEndpoint in its registration), so nothing was checked.\n';
  const width = Math.min(40, Math.max(...results.map((r) => r.name.length), 3));
  const lines = results.map((r) => {
    const notes = [r.reason, ...r.told.map((t) => TOLD[t])].filter(Boolean).join('; ');
    return `  ${r.name.padEnd(width)}  ${notes ? `${r.status.padEnd(8)}  ${notes}` : r.status}`;
  });
  const { healthy, degraded, failing } = report.counts;
  return [
    `Checked ${plural(results.length, 'app')} in ${(report.ms / 1000).toFixed(1)} s: ${healthy} healthy, ${degraded} degraded, ${failing} failing.`,
    ...lines,
    ...(report.unstored > 0
      ? [`${plural(report.unstored, 'check')} could not be stored (the database failed); run the command again.`]
      : []),
    ...(report.outcome === 'interrupted'
      ? ['The round was cut short; the bot checks the rest on its next round.']
      : []),
    '',
  ].join('\n');
}
