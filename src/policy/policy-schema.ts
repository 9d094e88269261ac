import { z } from 'zod';
import type { SeparatedRole } from '../domain/separation-of-duties';
import { MANIFEST_FIELDS } from '../domain/manifest-fields';
import { OBLIGATIONS } from '../domain/reminder';
import { isTimeZone, parseHours } from '../domain/working-hours';
import { CONTROLS, DATA_CLASSIFICATIONS } from '../domain/manifest-vocabulary';
import { groupEntryProblem } from '../domain/role-group';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: 'ids are lower-case letters, digits and dashes, like "pii-data"' });
const text = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(4000, { error: 'is longer than 4000 characters; shorten it' });
const days = z.number().int().min(1);
const control = z.enum(CONTROLS, { error: `controls are: ${CONTROLS.join(', ')}` });
const fieldKey = z.enum(MANIFEST_FIELDS.map((f) => f.key) as [string, ...string[]], {
  error: `fields are manifest field names: ${MANIFEST_FIELDS.map((f) => f.key).join(', ')}`,
});
const approval = z.strictObject({ role: id, count: z.number().int().min(1).max(5) });
const destination = z.strictObject({ platform: z.enum(['slack', 'teams']), channel: text });

/** One rule of `policies/rules/*.yaml`. */
export const ruleSchema = z
  .strictObject({
    id,
    when: text,
    points: z.number().int().min(1).max(10).optional(),
    prohibit: z.literal(true).optional(),
    require: z
      .strictObject({
        approvals: z.array(approval).min(1).optional(),
        controls: z.array(control).min(1).optional(),
        minTier: z.union([z.literal(2), z.literal(3)]).optional(),
      })
      .optional(),
    message: text,
    fix: text,
  })
  .refine((r) => r.points !== undefined || r.prohibit !== undefined || r.require !== undefined, {
    error: 'a rule needs one effect: points, prohibit or require',
  })
  .refine((r) => !r.prohibit || (r.points === undefined && r.require === undefined), {
    error: 'a prohibit rule cannot also give points or require anything',
  });

/** A rules file. */
export const rulesFileSchema = z.strictObject({ rules: z.array(z.unknown()).min(1) });

/** What a tier or a data classification demands of the manifest. */
const demands = z.strictObject({
  because: text,
  controls: z.array(control).default([]),
  fields: z.array(fieldKey).default([]),
});

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** How reminders reach people: inside working hours, a few at most per cycle, snoozed where allowed. */
const reminderSchema = z
  .strictObject({
    workingHours: z
      .string()
      .refine((h) => parseHours(h) !== undefined, {
        error: 'write working hours as "09:00-17:00" (24-hour clock, start before end)',
      })
      .default('09:00-17:00'),
    workingDays: z
      .array(z.enum(WEEKDAYS, { error: `days are ${WEEKDAYS.join(', ')}` }))
      .min(1)
      .default(['mon', 'tue', 'wed', 'thu', 'fri']),
    timeZone: z
      .string()
      .refine(isTimeZone, { error: 'use an IANA time zone such as "Europe/Berlin" or "UTC"' })
      .default('UTC'),
    maxPerCycle: z.number().int().min(1).max(20).default(4),
    repeatDays: days.default(7),
    snoozeDays: z.array(days).max(3).default([1, 7]),
    snoozable: z
      .array(z.enum(OBLIGATIONS, { error: `obligations are ${OBLIGATIONS.join(', ')}` }))
      .default(['recertification']),
  })
  .prefault({});

/** ISO weekday (1 = Monday) of a policy day name. */
export function isoWeekday(day: (typeof WEEKDAYS)[number]): number {
  return WEEKDAYS.indexOf(day) + 1;
}

/** `policies/policy.yaml`: tiers, routing, per-classification demands and every timing. */
export const policyFileSchema = z.strictObject({
  version: text,
  tiers: z
    .array(
      z.strictObject({
        tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
        maxScore: z.number().int().min(0).max(10),
        decision: z.enum(['auto_approve', 'review']),
        demands: demands.optional(),
        /** `microapp gate` fails an app of this tier when no SBOM is given. */
        sbomRequired: z.boolean().default(false),
      }),
    )
    .length(3, { error: 'list tiers 1, 2 and 3, in order' })
    .refine((t) => t.every((x, i) => x.tier === i + 1), { error: 'list tiers 1, 2 and 3, in order' })
    .refine((t) => t.every((x, i) => i === 0 || x.maxScore > t[i - 1]!.maxScore), {
      error: 'maxScore must rise from tier to tier',
    })
    .refine((t) => t[2]?.maxScore === 10, { error: 'tier 3 must reach maxScore 10' }),
  routing: z.record(
    z.enum(['2', '3']),
    z.strictObject({ approvals: z.array(approval).min(1), destinations: z.array(destination).min(1) }),
  ),
  classifications: z.partialRecord(z.enum(DATA_CLASSIFICATIONS), demands),
  prohibited: z.strictObject({ contact: text }),
  /** Who may never approve an app: its owner, its backup owner, the person who submitted it. */
  separationOfDuties: z
    .array(z.enum(['owner', 'backupOwner', 'submitter'] as const satisfies readonly SeparatedRole[]))
    .default(['owner', 'backupOwner', 'submitter']),
  timings: z.strictObject({
    recertification: z.strictObject({ everyDays: days, remindDaysBefore: z.array(days).min(1) }),
    reviewSla: z.strictObject({
      businessDays: days,
      remindAfterBusinessDays: days,
      escalateAfterBusinessDays: days,
      escalateToRole: id,
    }),
    exception: z.strictObject({ maxDays: days, remindDaysBefore: z.array(days) }),
    testDataPurgeDays: days,
    ownerless: z.strictObject({ claimDays: days }),
    inactivity: z.strictObject({ afterDays: days, answerDays: days }),
    incident: z.strictObject({ escalateHours: z.number().int().min(1), rootCauseHours: z.number().int().min(1) }),
    reminders: reminderSchema,
  }),
  /** How often each configured discovery source is scanned, how many complete scans an item may miss before it is gone, and how makers are asked about items in chat. */
  discovery: z
    .strictObject({
      everyHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(24),
      missedScansToGone: z.number().int().min(1).max(100).default(3),
      /** Questions about discovered items one person gets in any 24 hours; the rest wait for a later round. */
      questionsPerPersonPerDay: z.number().int().min(1).max(100).default(5),
      /** Days a question may go unanswered before the item goes to the admins. */
      answerDays: z.number().int().min(1).max(365).default(7),
    })
    .default({ everyHours: 24, missedScansToGone: 3, questionsPerPersonPerDay: 5, answerDays: 7 }),
  /** When the bot signs a checkpoint of the audit log: after this many new events, or this many minutes with any new. */
  audit: z
    .strictObject({
      checkpointEvery: z
        .strictObject({
          events: z.number().int().min(1).max(1_000_000).default(1000),
          minutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60 * 7)
            .default(60),
        })
        .prefault({}),
      /** Channels each new checkpoint is posted to, as a message anyone there can copy and verify. */
      checkpointChannels: z.array(destination).max(10).default([]),
    })
    .prefault({}),
  /** How often approved apps' health endpoints are called, and when their failing is told to the owner and then the admins. */
  healthChecks: z
    .strictObject({
      everyMinutes: z.number().int().min(1).max(1440).default(15),
      failuresBeforeAlert: z.number().int().min(1).max(100).default(3),
      escalateAfterDays: z.number().int().min(1).max(365).default(3),
      concurrency: z.number().int().min(1).max(256).default(16),
    })
    .default({ everyMinutes: 15, failuresBeforeAlert: 3, escalateAfterDays: 3, concurrency: 16 }),
});

/** A role member: a user ref, an email, or a group (`slack-group:…`, `entra-group:…`) checked here. */
const member = text.superRefine((entry, ctx) => {
  const problem = groupEntryProblem(entry);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `policies/roles.yaml`: reviewer roles and their members (user refs, emails, Slack user groups or Entra groups). */
export const rolesFileSchema = z.strictObject({
  roles: z.record(id, z.strictObject({ description: text, members: z.array(member).default([]) })),
});

/** `policies/catalog.yaml`: the approved integration catalog. */
export const catalogFileSchema = z.strictObject({
  systems: z
    .array(
      z.strictObject({
        id,
        name: text,
        category: id,
        sensitive: z.boolean().default(false),
        aliases: z.array(text).default([]),
      }),
    )
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, { error: 'each system id must appear once' }),
});

export type Rule = z.infer<typeof ruleSchema>;
export type PolicyFile = z.infer<typeof policyFileSchema>;
export type RolesFile = z.infer<typeof rolesFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type Demands = z.infer<typeof demands>;
