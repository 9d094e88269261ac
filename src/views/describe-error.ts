import type { AppError, ErrorCode } from '../domain/errors';
import { isAppError } from '../domain/errors';
import { day, moment, personName, plural } from './wording';

/** What to tell a person about a failure. */
export interface UserMessage {
  code: ErrorCode | 'internal';
  text: string;
  /** Per-field problems, for forms that can show them inline. */
  fieldErrors?: AppError['details']['fieldErrors'];
}

/** What makes a message readable for one person: display names, and their time zone for dates. */
export interface ReaderContext {
  names?: Record<string, string>;
  timeZone?: string;
}

const WORDS: Record<ErrorCode, (e: AppError, reader: ReaderContext) => string> = {
  'input.invalid': (e) =>
    `Please fix ${e.details.fieldErrors?.length ? plural(e.details.fieldErrors.length, 'field') : 'some fields'} and submit again.`,
  'registration.name_taken': (e) =>
    `An app named "${e.details.appName}" is already registered. Pick another name, or ask its owner to add you.`,
  'app.not_found': (e) => {
    const { asked, suggestions, matches } = e.details;
    if (asked === undefined) return 'No app by that name or id is registered. Check the spelling, or list your apps.';
    const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
    if (matches?.length)
      return `More than one app has an id starting "${asked}" (${quoted(matches)}); give more of the id, or the name.`;
    return `No app called "${asked}".${suggestions?.length ? ` Did you mean ${quoted(suggestions)}?` : ' Check the spelling, or list the apps.'}`;
  },
  'app.not_owner': (e, r) =>
    e.details.tokenFor
      ? `Only ${(e.details.stewards ?? []).map((s) => personName(s, r.names)).join(' or ')} (the owner or backup owner of "${e.details.appName}") can get its token. A platform admin can also issue one with: microapp token issue "${e.details.tokenFor}"`
      : e.details.ownerOnly
        ? `Only the owner of "${e.details.appName}" can change it. Ask them to make the change, or to transfer the app to you.`
        : `Only the owner or backup owner of "${e.details.appName}" (or a platform admin) can do that.`,
  'app.wrong_status': (e) => e.message,
  'app.needs_review': (e) => e.message,
  'review.not_found': () => 'That review no longer exists; it may have been replaced by a newer revision.',
  'review.already_decided': (e, r) =>
    `Already ${e.details.outcome} by ${personName(e.details.decidedBy, r.names)}${e.details.decidedAt ? ` on ${moment(e.details.decidedAt, r.timeZone)}` : ''}. Nothing more to do here.`,
  'review.not_authorized': (e) =>
    `You can't decide this one: it needs someone with the ${(e.details.roles ?? []).join(' or ')} role. Ask a platform admin if you should have it.`,
  'review.own_app': (e) => `You own or back up "${e.details.appName}", so someone else must review it.`,
  'review.own_submission': (e) =>
    `You submitted "${e.details.appName}", so someone else must review it. Ask another reviewer to take it.`,
  'review.already_approved': (e) =>
    `You already approved "${e.details.appName}"; the next approval must come from someone else.`,
  'review.reason_required': () => 'Please give a reason for the denial, so the owner knows what to fix.',
  'policy.invalid': (e) =>
    `The policy has problems:\n${(e.details.problems ?? []).map((p) => `- ${p}`).join('\n')}\nFix them in the policy folder (POLICY_DIR, ./policies by default) and check with \`microapp policy check\`.`,
  'config.invalid': (e) =>
    `The configuration has problems:\n${(e.details.problems ?? []).map((p) => `- ${p}`).join('\n')}`,
  'config.unusable': (e) =>
    `A setting is well-formed but does not work here:\n${(e.details.problems ?? []).map((p) => `- ${p}`).join('\n')}`,
  'route.unknown': (e) => e.message,
  'route.not_admin': () =>
    'Only platform admins can choose where approval cards go. Ask one to do it, or to add you to the admin role in policies/roles.yaml.',
  'reminder.not_found': () =>
    'That reminder is no longer open: the app may have been re-certified, changed or removed. Type "list" (Teams) or /microapp list (Slack) to see your apps.',
  'reminder.not_yours': () => 'That reminder was sent to someone else, so only they can snooze it.',
  'reminder.not_snoozable': (e) => e.message,
  'incident.unclear': (e) => e.message,
  'incident.not_found': () => 'That incident no longer exists.',
  'incident.not_allowed': (e) => e.message,
  'purge.already_confirmed': (e, r) =>
    e.details.decidedBy
      ? `${personName(e.details.decidedBy, r.names)} already confirmed the purge for "${e.details.appName}"${e.details.decidedAt ? ` on ${moment(e.details.decidedAt, r.timeZone)}` : ''}. Nothing more to do here.`
      : `The test data of "${e.details.appName}" was already confirmed purged. Nothing more to do here.`,
  'exception.unclear': (e) => e.message,
  'exception.unknown_rule': (e) => e.message,
  'exception.not_applicable': (e) => e.message,
  'exception.not_authorized': (e) => e.message,
  'exception.own_app': (e) => e.message,
  'exception.exists': (e, r) =>
    `${e.message.replace(/\.$/, '')}, until ${day(e.details.until, r.timeZone)}. It can be granted again once that one ends.`,
  'exception.not_found': (e) => e.message,
  'discovery.bad_import': (e) => `Nothing was imported: ${e.message}`,
  'discovery.unclear': (e) => e.message,
  'discovery.unknown_source': (e) => e.message,
  'discovery.not_found': (e) => e.message,
  'value.invalid': (e) => e.message,
  'sbom.invalid': (e) => e.message,
  'api.bad_scopes': (e) => e.message,
  'api.token_not_found': (e) => e.message,
  'dashboard.no_email': (e) => e.message,
  'dashboard.link_refused': (e) => e.message,
  'dashboard.not_allowed': (e) => e.message,
  'discovery.not_asked': (e) => e.message,
  'discovery.settled': (e) => e.message,
  'siem.not_held': (e) => e.message,
  'store.conflict': () => 'Someone else changed this at the same moment. Please try again in a few seconds.',
};

/** The one error sink: turns any thrown value into plain words. Unknown errors never leak details. */
export function describeError(error: unknown, reader: ReaderContext = {}): UserMessage {
  if (isAppError(error))
    return { code: error.code, text: WORDS[error.code](error, reader), fieldErrors: error.details.fieldErrors };
  return {
    code: 'internal',
    text: 'Something went wrong on our side. Please try again; if it keeps happening, tell your platform team.',
  };
}
