import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { actorRef, refersTo } from '../../domain/actor';
import { editDistance } from '../../domain/edit-distance';
import { AppError } from '../../domain/errors';
import type { PolicyException } from '../../domain/policy-exception';
import { separationConflict } from '../../domain/separation-of-duties';
import { assess } from '../../policy/assess';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { secretFieldErrors } from '../../secrets/scan-secrets';
import { addDays } from '../../domain/dates';
import { noticeTo } from '../../domain/outbound-messages';
import type { Reassessed } from '../registration/reassess-app';
import { reassessApp } from '../registration/reassess-app';
import type { RouteDeps } from '../registration/store-registration';
import { splitAppAndText } from '../../ports/split-app-and-text';
import type { PeopleDirectory } from '../../people/people-directory';
import { adminsForUnheldRoles } from '../registration/unheld-role-notices';

/** What granting an exception needs. */
export interface GrantExceptionDeps extends RouteDeps {
  registry: RegistryWith<'apps' | 'audit' | 'exceptions' | 'outbox' | 'reviews' | 'revisions'>;
  policy: () => Policy;
  scanner: SecretScanner;
  clock: Clock;
  /** Finds admins given by email, to tell them of a review nobody can approve. */
  directory: Pick<PeopleDirectory, 'lookup'>;
}

/** A request for an exception, as typed: `<app> <rule id> <days> <compensating controls>` or already split. */
export type ExceptionRequest =
  | { text: string }
  | { app: string; rule: string; days: number | string; controls: string };

/** An exception as granted, and what re-assessing the app under it did. */
export interface GrantedException extends Reassessed {
  exception: PolicyException;
  /** Days before the end that reminders go out (the policy's `remindDaysBefore`). */
  remindDaysBefore: number[];
}

const EXAMPLE = 'exception Expense tracker integration-needs-secret 7 the key is read-only and rotated daily';
/** Statuses an app can hold an exception in. */
const LIVE = new Set(['approved', 'pending_review', 'prohibited']);

/**
 * Grants an exception to one rule for one app for 1 to the policy's `maxDays` days, with
 * compensating controls. Only members of a reviewer role the policy routes approvals to, or
 * admins, may grant one, and never for an app they own, back up or submitted. In one transaction
 * the exception is stored and audited, the app is re-assessed with the rule waived and routed like
 * a changed app, and its owner and the granter are told.
 */
export function createGrantException(deps: GrantExceptionDeps) {
  return async (request: ExceptionRequest, actor: Actor): Promise<GrantedException> => {
    const policy = deps.policy();
    const parsed =
      'text' in request
        ? await deps.registry.read((tx) =>
            splitAppAndText(tx, request.text.trim(), {
              followedBy: 'the rule id, the number of days and the compensating controls',
              example: EXAMPLE,
              code: 'exception.unclear',
            }),
          )
        : undefined;
    const words = parsed ? parsed.rest.split(/\s+/) : [];
    const appName = parsed?.app.name ?? ('app' in request ? request.app : '');
    const rule = (parsed ? (words[0] ?? '') : 'rule' in request ? request.rule : '').toLowerCase();
    const daysText = String(parsed ? (words[1] ?? '') : 'days' in request ? request.days : '');
    const controls = (parsed ? words.slice(2).join(' ') : 'controls' in request ? request.controls : '').trim();
    const { maxDays } = policy.timings.exception;

    assertMayGrant(policy, actor);
    if (!/^\d+$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > maxDays) {
      throw new AppError(
        'exception.unclear',
        `An exception lasts 1 to ${maxDays} whole days; say how many after the rule id, like: ${EXAMPLE}.`,
        { appName },
      );
    }
    if (controls.length < 10 || controls.length > 500) {
      throw new AppError(
        'exception.unclear',
        `Say in 10 to 500 characters, after the number of days, what is done instead while the rule is waived (the compensating controls), like: ${EXAMPLE}.`,
        { appName },
      );
    }
    const found = await deps.scanner.scan({ controls });
    if (found.length)
      throw new AppError('input.invalid', 'The compensating controls hold what looks like a secret.', {
        fieldErrors: secretFieldErrors(found),
      });

    const route = { ...deps, admins: await adminsForUnheldRoles(deps, policy) };
    return deps.registry.transaction(async (tx) => {
      const app = parsed?.app ?? (await tx.apps.findByName(appName)) ?? (await tx.apps.find(appName));
      if (!app) throw new AppError('app.not_found', `No app "${appName}". List the apps to check its name.`);
      if (!LIVE.has(app.status)) {
        throw new AppError(
          'exception.not_applicable',
          `"${app.name}" is ${app.status.replace('_', ' ')}, so there is no rule to except; it needs registering or re-certifying first.`,
          { appName: app.name },
        );
      }
      const revision = (await tx.revisions.find(app.currentRevisionId))!;
      const conflict = separationConflict(policy.separationOfDuties, app, revision.submittedBy, actor);
      if (conflict)
        throw new AppError(
          'exception.own_app',
          `You ${conflict === 'own_app' ? 'own' : 'submitted'} "${app.name}", so another reviewer or an admin must grant its exception.`,
          { appName: app.name },
        );
      const active = await tx.exceptions.activeFor(app.id);
      const fired = assess(policy, revision.manifest).reasons.map((r) => r.rule);
      if (!policy.rules.some((r) => r.id === rule)) {
        const close = policy.rules.map((r) => r.id).filter((id) => editDistance(id, rule) <= 3);
        const hint = close.length ? `Did you mean ${close.join(' or ')}? ` : '';
        throw new AppError(
          'exception.unknown_rule',
          `The policy has no rule "${rule}". ${hint}${fired.length ? `The rules that apply to "${app.name}": ${fired.join(', ')}.` : `No rule applies to "${app.name}".`}`,
          { appName: app.name },
        );
      }
      if (!fired.includes(rule)) {
        throw new AppError(
          'exception.not_applicable',
          `The rule "${rule}" does not apply to "${app.name}", so there is nothing to except. ${fired.length ? `The rules that apply: ${fired.join(', ')}.` : 'No rule applies to it.'}`,
          { appName: app.name },
        );
      }
      const same = active.find((e) => e.ruleId === rule);
      if (same)
        throw new AppError('exception.exists', `"${app.name}" already has an exception to ${rule}.`, {
          appName: app.name,
          until: same.expiresAt,
        });

      const now = deps.clock.now();
      const at = now.toISOString();
      const exception: PolicyException = {
        id: randomUUID(),
        appId: app.id,
        ruleId: rule,
        controls,
        grantedBy: actorRef(actor),
        grantedAt: at,
        expiresAt: addDays(now, Number(daysText)).toISOString(),
      };
      await tx.exceptions.insert(exception);
      await tx.audit.append(
        [
          {
            actor,
            action: 'exception.granted',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            reason: rule,
            policyVersion: policy.version,
            riskScore: app.score,
            details: { exceptionId: exception.id, rule, expiresAt: exception.expiresAt, controls },
          },
        ],
        at,
      );
      const result = await reassessApp(tx, route, policy, app, `exception to ${rule} until ${exception.expiresAt}`);
      await tx.outbox.enqueue(
        noticeTo([app.owner, exception.grantedBy], {
          type: 'exception_granted',
          appId: app.id,
          exceptionId: exception.id,
          by: exception.grantedBy,
          rule,
          until: exception.expiresAt,
          controls,
          outcome: result.outcome,
        }),
        at,
      );
      return { ...result, exception, remindDaysBefore: policy.timings.exception.remindDaysBefore };
    });
  };
}

/** Refuses anyone who is neither an admin nor a member of a role the policy asks approvals of. */
export function assertMayGrant(policy: Policy, actor: Actor): void {
  const roles = new Set([
    'admin',
    ...Object.values(policy.routing).flatMap((r) => r?.approvals.map((a) => a.role) ?? []),
    ...policy.rules.flatMap((r) => r.approvals.map((a) => a.role)),
  ]);
  if ([...roles].some((role) => policy.roles[role]?.members.some((m) => refersTo(m, actor)))) return;
  throw new AppError(
    'exception.not_authorized',
    `Only reviewers (${[...roles].filter((r) => r !== 'admin').join(', ')}) and admins grant exceptions; ask one of them.`,
    { roles: [...roles] },
  );
}
