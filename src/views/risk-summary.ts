import type { Assessment, Reason } from '../domain/assessment';
import type { Manifest } from '../domain/manifest';
import type { Block, View } from '../ports/view-model';
import { DECISION_WORDS, TIER_NAMES, approvalsWording, day } from './wording';
import { roleLabel } from '../policy/role-label';
import { optionLabel } from '../domain/manifest-vocabulary';

/** How a risk summary speaks: of a stored registration, or of one that is only being tried (`policy eval`). */
export interface RiskSummaryOptions {
  /** The manifest assessed, so the summary can say what the owner attested. */
  manifest?: Manifest;
  /** A preview: nothing was registered, so it says what *would* happen. */
  preview?: boolean;
  /** Roles the review needs that nobody holds yet, said at once with whether an admin was told. */
  unheld?: UnheldRoles;
}

/** Roles a review waits for that nobody holds, and whether an admin could be told. */
export interface UnheldRoles {
  roles: string[];
  adminsTold: boolean;
}

/**
 * The assessment explained to the owner: how the score adds up, what they attested, what is still
 * needed (with what to do and why, computed from what is missing) and what happens next.
 */
export function riskSummary(appName: string, a: Assessment, options: RiskSummaryOptions = {}): View {
  const { manifest, preview = false } = options;
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: 'Risk', value: TIER_NAMES[a.tier]! },
        { label: 'Score', value: `${a.score} of 10` },
        { label: 'Outcome', value: preview ? previewOutcome(a) : DECISION_WORDS[a.decision] },
      ],
    },
  ];
  if (a.reasons.length > 0) {
    blocks.push({ type: 'text', text: scoreLine(a), items: reasonLines(a) });
  } else {
    blocks.push({ type: 'text', text: 'Nothing in this registration raises the risk, so the score is 0.' });
  }
  if (manifest && manifest.controls.length > 0) {
    blocks.push({
      type: 'text',
      text: `Controls ${preview ? 'attested' : 'you attest'} are in place:`,
      items: manifest.controls.map(optionLabel),
    });
  }
  for (const [because, needs] of groupShortfalls(a)) {
    blocks.push({
      type: 'text',
      text: `Still needed (${because.charAt(0).toLowerCase()}${because.slice(1)}):`,
      items: needs,
      tone: 'warning',
    });
  }
  blocks.push({
    type: 'text',
    text: preview ? previewNextStep(a) : `${nextStep(a)}${options.unheld ? ` ${unheldLine(options.unheld)}` : ''}`,
    tone:
      a.decision === 'prohibited' ? 'danger' : a.decision === 'review' || a.shortfalls.length > 0 ? 'warning' : 'good',
  });
  if (preview) blocks.push({ type: 'context', text: `Policy ${a.policyVersion}` });
  return { title: `${preview ? 'Risk preview' : 'Risk assessment'}: ${appName}`, blocks };
}

/** The highest score; the points of the reasons are added up to at most this. */
const TOP_SCORE = 10;

/**
 * The reasons of an assessment as the owner reads them. Each says its points while they add up to
 * no more than the top score; when they add up to more, the points are left out and the reasons
 * speak for themselves, so nobody reads a sum the score does not have.
 */
export function reasonLines(a: Assessment, timeZone?: string): string[] {
  const withPoints = countedPoints(a).reduce((x, y) => x + y, 0) <= TOP_SCORE;
  return a.reasons.map((r) => reasonLine(r, timeZone, withPoints));
}

/** One reason as the owner reads it: what it is about, its points (unless left out) and how to lower them. */
export function reasonLine(r: Reason, timeZone?: string, withPoints = true): string {
  const about = r.about?.length ? `${r.message.replace(/\.$/, '')}: ${r.about.join(', ')}.` : r.message;
  if (r.excepted)
    return `Excepted until ${day(r.excepted.until, timeZone)} (${r.rule}): ${about} Instead: ${r.excepted.controls}`;
  return `${withPoints && r.points ? `+${r.points}  ` : ''}${about} ${r.fix}`;
}

/** The points that count towards the score: those of reasons not under an exception. */
function countedPoints(a: Assessment): number[] {
  return a.reasons.filter((r) => r.points > 0 && !r.excepted).map((r) => r.points);
}

/** "How the score adds up: 2 + 2 = 4.", or, past the top score, that the reasons reach it. */
function scoreLine(a: Assessment): string {
  const points = countedPoints(a);
  if (a.decision === 'prohibited') return 'Why it is not allowed:';
  if (points.length === 0) return 'What was noted:';
  const sum = points.reduce((x, y) => x + y, 0);
  if (sum > TOP_SCORE) return `Why the score is ${TOP_SCORE} of ${TOP_SCORE}, the most it can be:`;
  return `How the score adds up: ${points.join(' + ')} = ${sum}.`;
}

function groupShortfalls(a: Assessment): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const s of a.shortfalls) {
    const need = s.message.endsWith(`${s.because}.`) ? s.message.slice(0, -s.because.length - 1).trim() : s.message;
    groups.set(s.because, [...(groups.get(s.because) ?? []), need]);
  }
  return groups;
}

function nextStep(a: Assessment): string {
  switch (a.decision) {
    case 'auto_approve':
      return 'Approved: you can use it now. We will remind you to re-certify it before the approval runs out.';
    case 'review':
      return `Next: it waits for ${approvalsWording(a.requiredApprovals)}. You will get a message when reviewers decide.`;
    case 'prohibited':
      return `This use is not allowed for citizen-built apps. Apply the fix above and register again, or talk to ${a.contact ?? 'your platform team'}.`;
  }
}

/** "Nobody holds the security role yet; an admin has been told." */
export function unheldLine(u: UnheldRoles): string {
  const roles = u.roles.map((r) => roleLabel(r).toLowerCase()).join(' or ');
  return u.adminsTold
    ? `But nobody holds the ${roles} role yet; an admin has been told, and it waits until someone does.`
    : `But nobody holds the ${roles} role yet and no admin can be told: ask your platform team to add people to ${u.roles.map((r) => `roles.${r}.members`).join(' and ')} in policies/roles.yaml.`;
}

function previewOutcome(a: Assessment): string {
  if (a.decision === 'prohibited') return 'Would not be allowed';
  if (a.shortfalls.length > 0) return 'Cannot be registered as written';
  return a.decision === 'auto_approve' ? 'Would be approved at once' : 'Would need review';
}

function previewNextStep(a: Assessment): string {
  if (a.decision === 'prohibited')
    return `Nothing was registered. As written it would not be allowed; apply the fix above, or talk to ${a.contact ?? 'your platform team'}.`;
  if (a.shortfalls.length > 0)
    return 'Nothing was registered. Registering it as written would be refused until what is still needed is added.';
  if (a.decision === 'auto_approve')
    return 'Nothing was registered. Registered as written, it would be approved at once.';
  return `Nothing was registered. Registered as written, it would wait for ${approvalsWording(a.requiredApprovals)}.`;
}
