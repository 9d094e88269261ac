import { createRunDoctor, roleFindings } from '../app/doctor/run-doctor';
import type { Config } from '../config/config';
import { isAppError } from '../domain/errors';
import type { Finding } from '../domain/finding';
import { createLogger } from '../log/logger';
import type { Policy } from '../policy/policy';
import { loadPolicy } from '../policy/load-policy';
import { openRuntime } from '../runtime';
import type * as StartBot from '../start-bot';
import type { Runtime } from '../runtime';
import { migrations } from '../../migrations';
import { pendingMigrations } from '../store/pending-migrations';
import { doctorSummary, findingText } from '../views/doctor-report';
import { plural } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';
import { shownPath } from '../config/shown-path';
import { createSiemStatus } from '../app/audit/siem-status';
import { siemSinks } from '../siem/siem-sinks';

/**
 * `microapp doctor`: the configuration (already validated by the caller: an invalid one exits 2
 * before this runs), the policy, the database (reachable, migrations current), the empty roles (their
 * groups as last read), role groups that could not be read, other role warnings, routes to platforms that are not configured, each configured platform's
 * credentials and channels, and the delivery backlog. Prints each finding with its fix, then one
 * summary line; exit 0 clean, 1 with findings. A new database (none of its migrations run yet) is
 * created, as any command would, so the first run on a fresh install checks everything; an existing
 * one missing migrations is a finding and is left as it is (an older bot may still be running on it).
 */
export async function doctor(io: CliIo, config: Config): Promise<ExitCode> {
  const policyFolder = shownPath(config.policyDir, io.cwd);
  const findings: Finding[] = [];
  const skipped: string[] = [];
  let policy: Policy | undefined;
  try {
    policy = await loadPolicy(config.policyDir);
  } catch (error) {
    if (!isAppError(error, 'policy.invalid')) throw error;
    for (const problem of error.details.problems ?? [])
      findings.push({
        check: 'policy',
        problem,
        fix: `Correct it in ${policyFolder}; \`microapp policy check\` tells when the policy loads.`,
      });
  }
  let databaseReady = false;
  try {
    const pending = await pendingMigrations(config.database);
    const isNew = pending.length === Object.keys(migrations).length;
    if (pending.length > 0 && !isNew)
      findings.push({
        check: 'database',
        subject: 'migrations',
        problem: `The database is missing ${plural(pending.length, 'migration')} this version needs (${pending.join(', ')}).`,
        fix: 'Start the bot (npm start) once: it runs the migrations before it serves.',
      });
    databaseReady = pending.length === 0 || isNew;
  } catch (error) {
    if (!isAppError(error, 'config.unusable')) throw error;
    findings.push({ check: 'database', problem: 'The database cannot be used.', fix: error.message });
  }
  if (policy && databaseReady) {
    let runtime: Runtime | undefined;
    try {
      const opened = await openRuntime(
        config,
        createLogger({ level: 'error', secrets: config.secrets, write: io.err }),
      );
      runtime = opened;
      const registry = opened.registry;
      // Only the composition root reaches the adapters; loaded here, since their SDKs add a third of a second to every other command.
      const { platformChecks } = require('../start-bot') as typeof StartBot;
      // The policy with each role's groups as last read (`microapp roles refresh`, the bot), so a role held only through empty groups counts as empty.
      const sinks = siemSinks(config.siem).map((s) => s.name);
      const run = createRunDoctor({
        policy: () => opened.policy,
        platforms: platformChecks(config, registry),
        outbox: registry.outbox,
        roles: opened.roles,
        clock: opened.clock,
        siem: sinks.length ? createSiemStatus({ registry, sinks }) : undefined,
      });
      findings.push(...(await run({ policyFolder })));
    } finally {
      await runtime?.close();
    }
  } else {
    if (policy) findings.push(...roleFindings(policy, policyFolder));
    skipped.push(
      `Slack, Teams and deliveries (they need ${policy ? 'the database up to date' : 'a policy that loads'})`,
    );
  }
  for (const f of findings) io.out(`${findingText(f)}\n\n`);
  io.out(`${doctorSummary(findings, skipped)}\n`);
  return findings.length > 0 ? EXIT.finding : EXIT.ok;
}
