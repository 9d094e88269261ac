import { parseArgs } from 'node:util';
import { describeError } from '../views/describe-error';
import type { Config } from '../config/config';
import { loadConfig } from '../config/config';
import { isAppError } from '../domain/errors';
import { terminalSafe } from '../domain/safe-text';
import { createLogger } from '../log/logger';
import type { Runtime } from '../runtime';
import type * as StartBot from '../start-bot';
import { openRuntime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem, UsageError } from './cli-io';
import { backup } from './backup-command';
import { policyCheck, policyEval, policyFields, policyTest } from './policy-commands';
import { exportRegistry, list, register, repostReview, show } from './registry-commands';
import { siemSkip } from './siem-command';
import { auditCheckpoint, auditExport, auditProve, auditPublicKey, auditVerify } from './audit-commands';
import { parseAt, remindersPreview, remindersRunOnce } from './reminder-commands';
import { policyDiff } from './policy-diff-command';
import { reportIncident } from './incident-command';
import { deactivatePerson } from './people-commands';
import { tokenIssue, tokenRevoke } from './token-commands';
import { dashboardLink } from './dashboard-commands';
import { recordSandboxUse } from './sandbox-command';
import { grantException, listExceptions } from './exception-command';
import { doctor } from './doctor-command';
import { gate } from './gate-command';
import { remoteGate } from './remote-gate-command';
import { init } from './init-command';
import { apiTokenIssue, apiTokenList, apiTokenRevoke } from './api-token-commands';
import { deliveries } from './deliveries-command';
import { rolesList, rolesRefresh } from './roles-commands';
import { closestCommand, usageOf } from './usage-of';
import { discoverIgnore, discoverImport, discoverList, discoverRun, discoverStatus } from './discover-commands';
import { healthRunOnce } from './health-commands';

/** The CLI's help text. */
export const USAGE = `microapp: the micro app registry from the command line.
It reads the same environment as the bot (DATABASE_URL, POLICY_DIR), so it sees the same registry and policy.

Usage:
  microapp policy check [--strict]            Load and validate the policy files; warn about roles nobody
                                              holds (--strict: the warnings fail the check, exit 1)
  microapp policy test                        Run the example manifests in <policy>/tests
  microapp policy eval <manifest> [--json]    Assess a microapp.yaml (or .json) without registering it
  microapp policy diff <new-policy-dir> [--json]
                                              The apps whose tier, decision or demands a new policy would change
  microapp register --file <manifest> [--owner <user ref or email>] [--json]
                                              Register an app: validation, secret scan, policy, routing, audit
  microapp show <app> [--json]                Everything declared about one app, its risk and its status
  microapp list [--status S] [--owner O] [--search TEXT] [--limit N] [--after CURSOR] [--json]
  microapp export --format json|csv           Write the whole registry, with owners' names and emails, to standard output
  microapp audit verify [--checkpoint FILE]... [--from-dir DIR] [--public-key KEY]
                                              Check the audit log's hash chain, and that it is still what
                                              each signed checkpoint vouches for
  microapp audit checkpoint                   Sign a checkpoint of the log now, keep and publish it, print it
  microapp audit prove --event N --checkpoint FILE [--public-key KEY]
                                              Prove one event is in the log a checkpoint signed (RFC 6962)
  microapp audit public-key                   The key that verifies the checkpoints
  microapp audit export --since DATE [--until DATE]
                                              The audit events of those days as the SIEM's JSON lines, to
                                              standard output (a backfill)
  microapp siem skip <sink> [--event N]       Show the audit event a failing SIEM sink is held at; with
                                              --event N, skip it for that sink (audited)
  microapp backup <file>                      Copy the SQLite database while the bot runs, then check the copy
  microapp policy fields [--json]             Every field a rule condition (CEL) can use, with its type
  microapp deliveries [--status pending|undeliverable] [--json]
                                              Messages waiting to go out, or that could not, with the fix
  microapp reviews repost <app>               Post an open review's approval card again
  microapp people deactivate <email or user ref>
                                              Someone has left: their backup owners are asked to take their apps over
  microapp incident <app> <what happened>     Report an incident: security is told at once and reminded
  microapp token issue <app>                  A new heartbeat token for the app, printed once (the old one stops working)
  microapp token revoke <app>                 Revoke the app's heartbeat token
  microapp dashboard link --as EMAIL         A one-time dashboard sign-in link for that person (15 minutes,
                                              works once), at PUBLIC_URL or http://localhost:PORT
  microapp sandbox <app>                      Record that the app ran with test data in a sandbox: the owner
                                              is asked to confirm the purge after the policy's days
  microapp exception grant <app> <rule id> --days N --controls "what is done instead" [--as <email or user ref>]
                                              Waive one rule for one app (reviewers and admins, at most
                                              timings.exception.maxDays); the app is assessed again
  microapp exception list [--json]            Exceptions in force, soonest to end first
  microapp reminders preview [--at <ISO time>] [--json]
                                              Who would get which reminders from a sweep then; sends nothing
  microapp reminders run-once [--at <ISO time>]
                                              Run one reminder sweep now (or as if at that time)
  microapp roles list [--json]                Each role's people by name, the group each came from and when
                                              it was last read; a group that could not be read, with the fix
  microapp roles refresh                      Read the Slack user groups and Entra groups roles name, now
  microapp discover run [--source NAME]       Scan the configured discovery sources now (or the one named)
  microapp discover import --source NAME FILE Import another tool's list (CSV or JSON: id, name, owner,
                                              createdAt, lastUsedAt, url) as a complete scan of source NAME
  microapp discover list [--source NAME] [--state new|asked|registered|not-mine|retired|ignored|gone] [--json]
                                              What discovery found, with owners, state and likely matches
  microapp discover ignore <item> --reason TEXT --until DATE
                                              Leave an item (its ref source:id) out of coverage through DATE
  microapp discover status [--json]           Coverage: registered ÷ discovered, per source and overall
  microapp gate --file <manifest> [--sbom <bom.json>] [--json] [--server URL [--token TOKEN]]
                                              May this build ship? Registered, approved, current, the same as
                                              approved, every SBOM library declared (exit 1 with findings);
                                              --server asks a running bot (token from MICROAPP_TOKEN)
  microapp init [--name N --purpose P --owner EMAIL --audience A --users N --data D,D --repository URL] [--yes] [--force]
                                              Start a new app in this folder: microapp.yaml (asked as in chat,
                                              or from flags), a CI workflow that runs the gate, a README
  microapp api-token issue --name NAME [--scopes read,gate,register]
                                              A token for the REST API (default scopes read,gate), printed once
  microapp api-token list [--json]            API tokens: name, scopes, last use (never the token)
  microapp api-token revoke <name or id>      Revoke an API token
  microapp health run-once [--json]           Call every approved app's health endpoint now: each app's
                                              status and reason (exit 1 when one is failing)
  microapp doctor                             Check the set-up: configuration, policy roles and routes, Slack
                                              and Teams connections, database, deliveries; each finding with its fix

<app> is an app's name, its id or the start of its id; --owner O an email, a user ref or a person's name.

Exit codes: 0 success, 1 a finding (failed policy test, broken audit log, invalid manifest,
prohibited app, role warnings with --strict, doctor findings, a failing gate), 2 a usage or configuration error.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  file: { type: 'string', short: 'f' },
  owner: { type: 'string' },
  status: { type: 'string' },
  search: { type: 'string' },
  limit: { type: 'string' },
  after: { type: 'string' },
  format: { type: 'string' },
  at: { type: 'string' },
  days: { type: 'string' },
  controls: { type: 'string' },
  as: { type: 'string' },
  source: { type: 'string' },
  state: { type: 'string' },
  reason: { type: 'string' },
  until: { type: 'string' },
  since: { type: 'string' },
  sbom: { type: 'string' },
  checkpoint: { type: 'string', multiple: true },
  event: { type: 'string' },
  'from-dir': { type: 'string' },
  'public-key': { type: 'string' },
  name: { type: 'string' },
  scopes: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  purpose: { type: 'string' },
  audience: { type: 'string' },
  users: { type: 'string' },
  data: { type: 'string' },
  repository: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one CLI command and returns its exit code. Never throws. */
export async function runCli(argv: string[], rawIo: CliIo): Promise<ExitCode> {
  // Stored names may predate the name rules: what reaches a terminal cannot move its cursor or retitle it. Exports carry the data as stored.
  let io: CliIo = { ...rawIo, out: (t) => rawIo.out(terminalSafe(t)), err: (t) => rawIo.err(terminalSafe(t)) };
  let runtime: Runtime | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [command, sub, arg] = positionals;
    if (command === 'export' || (command === 'audit' && sub === 'export')) io = { ...io, out: rawIo.out };
    if (values.help || !command || command === 'help') {
      const lines = usageOf(USAGE, command === 'help' ? positionals.slice(1) : positionals);
      io.out(lines ? `Usage:\n${lines.lines}\n` : USAGE);
      return command || values.help ? EXIT.ok : EXIT.usage;
    }
    if (command === 'gate' && (values.server !== undefined || values.token !== undefined)) {
      if (!values.file || values.server === undefined)
        throw new UsageError(
          'Name the manifest and the bot: microapp gate --file microapp.yaml --server https://microapp.example.com (token in MICROAPP_TOKEN)',
        );
      return await remoteGate(io, { ...values, file: values.file, server: values.server, json: values.json ?? false });
    }
    if (command === 'init' && !sub) return await init(io, values);
    const config: Config = loadConfig(io.env);
    const logger = createLogger({ level: config.logLevel, secrets: config.secrets, write: io.err });
    const open = async () => {
      // Only discovery reaches the connectors (its sources, and Slack to find the makers it asks); loaded then, since the adapters' SDKs add a third of a second to every other command.
      const root = command === 'discover' ? (require('../start-bot') as typeof StartBot) : undefined;
      runtime = await openRuntime(config, logger, { discoverySources: root?.discoverySources(config) ?? [] });
      for (const [platform, lookups] of root?.cliPeopleLookups(config) ?? []) runtime.messengers.set(platform, lookups);
      return runtime;
    };
    if (command === 'incident') {
      if (!sub)
        throw new UsageError(
          'Name the app and say what happened: microapp incident "Expense tracker" the sync sent rows to a public sheet',
        );
      return await reportIncident(io, await open(), positionals.slice(1).join(' '));
    }
    if (command === 'sandbox') {
      if (!sub) throw new UsageError('Name the app: microapp sandbox "Expense tracker"');
      return await recordSandboxUse(io, await open(), positionals.slice(1).join(' '));
    }
    if (command === 'exception' && sub === 'grant') {
      const [app, rule] = positionals.slice(2);
      if (!app || !rule)
        throw new UsageError(
          'Name the app and the rule: microapp exception grant "Expense tracker" integration-needs-secret --days 7 --controls "the key is read-only and rotated daily"',
        );
      return await grantException(io, await open(), app, rule, values);
    }
    if (command === 'exception' && sub === 'list') return await listExceptions(io, await open(), values.json ?? false);
    if (command === 'show') {
      if (!sub) throw new UsageError('Name the app: microapp show "Expense tracker"');
      return await show(io, await open(), positionals.slice(1).join(' '), values.json ?? false);
    }
    if (command === 'backup') {
      if (!sub) throw new UsageError('Name the file to write: microapp backup backups/microapp-2026-11-22.db');
      return await backup(io, config, sub);
    }
    if (command === 'token' && (sub === 'issue' || sub === 'revoke')) {
      const app = positionals.slice(2).join(' ');
      if (!app) throw new UsageError(`Name the app: microapp token ${sub} "Expense tracker"`);
      return await (sub === 'issue' ? tokenIssue : tokenRevoke)(io, await open(), app);
    }
    if (command === 'dashboard' && sub === 'link') {
      if (!values.as) throw new UsageError('Name the person by email: microapp dashboard link --as ana@example.com');
      return await dashboardLink(io, await open(), values.as);
    }
    if (command === 'discover' && sub === 'ignore') {
      const item = positionals.slice(2).join(' ');
      if (!item)
        throw new UsageError(
          'Name the item by its ref: microapp discover ignore zapier:z-1001 --reason "a vendor tool" --until 2027-03-31',
        );
      return await discoverIgnore(io, await open(), item, values);
    }
    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'discover run':
        return await discoverRun(io, await open(), values.source);
      case 'discover import':
        if (!values.source || !arg)
          throw new UsageError('Name the source and the file: microapp discover import --source zapier zaps.csv');
        return await discoverImport(io, await open(), values.source, arg);
      case 'discover list':
        return await discoverList(io, await open(), { ...values, json: values.json ?? false });
      case 'discover status':
        return await discoverStatus(io, await open(), values.json ?? false);
      case 'policy check':
        return await policyCheck(io, config.policyDir, values.strict ?? false);
      case 'policy fields':
        return policyFields(io, values.json ?? false);
      case 'policy test':
        return await policyTest(io, config.policyDir);
      case 'policy eval':
        if (!arg) throw new UsageError('Name the manifest to assess: microapp policy eval microapp.yaml');
        return await policyEval(io, config.policyDir, arg, values.json ?? false);
      case 'policy diff':
        if (!arg) throw new UsageError('Name the folder of the new policy: microapp policy diff ./policies-next');
        return await policyDiff(io, await open(), arg, values.json ?? false);
      case 'register':
        if (!values.file)
          throw new UsageError('Name the manifest: microapp register --file microapp.yaml --owner you@example.com');
        return await register(io, await open(), values.file, values.owner, values.json ?? false);
      case 'list':
        return await list(io, await open(), { ...values, json: values.json ?? false });
      case 'export':
        return await exportRegistry(io, await open(), values.format);
      case 'siem skip':
        if (!arg) throw new UsageError('Name the sink: microapp siem skip http (file, syslog or http)');
        return await siemSkip(io, await open(), arg, { event: values.event, as: values.as });
      case 'audit verify':
        return await auditVerify(io, await open(), config, {
          checkpoints: values.checkpoint ?? [],
          fromDir: values['from-dir'],
          publicKey: values['public-key'],
        });
      case 'audit checkpoint':
        return await auditCheckpoint(io, await open(), config);
      case 'audit prove':
        return await auditProve(io, await open(), config, {
          event: values.event,
          checkpoints: values.checkpoint ?? [],
          publicKey: values['public-key'],
        });
      case 'audit public-key':
        return await auditPublicKey(io, config);
      case 'audit export':
        return await auditExport(io, config, open, { since: values.since, until: values.until });
      case 'deliveries':
        return await deliveries(io, await open(), values.status, values.json ?? false);
      case 'reviews repost':
        if (!arg) throw new UsageError('Name the app: microapp reviews repost "Expense tracker"');
        return await repostReview(io, await open(), arg);
      case 'people deactivate':
        if (!arg) throw new UsageError('Name the person who left: microapp people deactivate ana@example.com');
        return await deactivatePerson(io, await open(), arg);
      case 'reminders preview':
        return await remindersPreview(io, await open(), parseAt(values.at), values.json ?? false);
      case 'health run-once':
        return await healthRunOnce(io, await open(), values.json ?? false);
      case 'doctor':
        return await doctor(io, config);
      case 'api-token issue':
        return await apiTokenIssue(io, await open(), values.name, values.scopes);
      case 'api-token list':
        return await apiTokenList(io, await open(), values.json ?? false);
      case 'api-token revoke':
        if (!arg) throw new UsageError('Name the token: microapp api-token revoke "GitHub Actions"');
        return await apiTokenRevoke(io, await open(), positionals.slice(2).join(' '));
      case 'gate':
        if (!values.file)
          throw new UsageError('Name the manifest: microapp gate --file microapp.yaml [--sbom bom.json]');
        return await gate(io, await open(), { file: values.file, sbom: values.sbom, json: values.json ?? false });
      case 'roles list':
        return await rolesList(io, await open(), values.json ?? false);
      case 'roles refresh':
        return await rolesRefresh(
          io,
          config,
          async (directories) => (runtime = await openRuntime(config, logger, { groupDirectories: directories })),
        );
      case 'reminders run-once':
        return await remindersRunOnce(io, await open(), parseAt(values.at));
      default:
        throw new UsageError(unknownCommand(positionals));
    }
  } catch (error) {
    return report(io, error, argv);
  } finally {
    await runtime?.close();
  }
}

function unknownCommand(words: string[]): string {
  const near = usageOf(USAGE, words) ? undefined : closestCommand(USAGE, words[0]!);
  return `Unknown command "${words.join(' ')}".${near ? ` Did you mean "${near}"?` : ''}`;
}

/** The usage lines of the command `argv` names and where to read more; the whole help when it names none. */
function usageHint(argv: string[]): string {
  const words = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false }).positionals;
  const usage = usageOf(USAGE, words);
  if (!usage) return 'Run `microapp --help` to see every command.';
  return `Usage:\n${usage.lines}\nSee \`microapp ${usage.command} --help\`.`;
}

function report(io: CliIo, error: unknown, argv: string[]): ExitCode {
  if (error instanceof FileProblem) {
    io.err(`${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.err(`${(error as Error).message}\n\n${usageHint(argv)}\n`);
    return EXIT.usage;
  }
  const message = describeError(error);
  if (isAppError(error, 'input.invalid')) {
    io.err(
      `The manifest is not valid:\n${(message.fieldErrors ?? []).map((e) => `  - ${e.path}: ${e.message}`).join('\n')}\n`,
    );
    return EXIT.finding;
  }
  if (isAppError(error, 'registration.name_taken')) {
    io.err(`${message.text}\n`);
    return EXIT.finding;
  }
  if (isAppError(error)) {
    io.err(`${message.text}\n`);
    return EXIT.usage;
  }
  io.err(`${message.text}\n(${(error as Error)?.message ?? String(error)})\n`);
  return EXIT.usage;
}
