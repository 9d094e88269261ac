import { z } from 'zod';
import { ACCESS_LEVELS } from './manifest-vocabulary';
import { echo, unsafeCharacter } from './safe-text';

/* The value schemas manifest fields are built from: each names its field in every message. */

const USER_REF = /^(slack|teams):[A-Za-z0-9][A-Za-z0-9:._@-]{0,199}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Free text of `min` to `max` characters, trimmed and NFC-normalized, without control or invisible characters (`oneLine`: no newlines either). */
export const text = (label: string, min: number, max: number, options: { oneLine?: boolean } = {}) =>
  z
    .string({ error: `${label} must be text.` })
    .max(max * 4, { error: `${label} can be at most ${max} characters; shorten it.`, abort: true })
    .trim()
    .normalize('NFC')
    .min(min, { error: min === 1 ? `${label} must not be empty.` : `${label} needs at least ${min} characters.` })
    .max(max, { error: `${label} can be at most ${max} characters; shorten it.` })
    .superRefine((v, ctx) => {
      const bad = unsafeCharacter(v, { newlines: !options.oneLine, invisible: options.oneLine });
      if (bad)
        ctx.addIssue({
          code: 'custom',
          message: `${label} contains a control or invisible character (${bad}); type it again without it.`,
        });
    });

/** A person: a Slack or Teams user ref, or an email address (lower-cased). */
export const userRef = (label: string) =>
  z
    .string({ error: `${label} must be a person: a Slack or Teams user, or an email address.` })
    .trim()
    .refine((v) => USER_REF.test(v) || (EMAIL.test(v) && v.length <= 254 && !unsafeCharacter(v, { invisible: true })), {
      error: `${label} must be a Slack or Teams user (like slack:U012AB3CD) or an email address.`,
    })
    .transform((v) => (EMAIL.test(v) ? v.toLowerCase() : v));

/** One of `values`. */
export const choice = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `${label} must be one of: ${values.join(', ')}.` });

/** Some of `values`, each at most once; none by default. */
export const choices = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z
    .array(choice(label, values), { error: `${label} must be a list.` })
    .refine((list) => new Set(list).size === list.length, { error: `${label} lists a value twice; remove the repeat.` })
    .default([]);

/** Yes or no; no by default. */
export const flag = (label: string) =>
  z.boolean({ error: `${label} must be yes or no (true or false).` }).default(false);

/** A whole number from 1 to `max`. */
export const count = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(1, { error: `${label} must be at least 1.` })
    .max(max, { error: `${label} can be at most ${max}.` });

/** A full https:// address. */
export const httpsUrl = (label: string) =>
  z
    .string({ error: `${label} must be a web address.` })
    .trim()
    .max(2000, { error: `${label} can be at most 2000 characters.` })
    .refine(isHttpsUrl, { error: `${label} must be a full https:// address, like https://app.example.com/health.` });

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** `<source>:<external id>`: a discovery source's name, a colon, and the item's id in that source. */
export const EXTERNAL_REF = /^[a-z0-9][a-z0-9-]{0,79}:[^\s:][^\s]{0,499}$/;

/** An item's `<source>:<external id>`, as discovery names it. */
export const externalRef = z
  .string({ error: 'External refs must be text like "github:acme/renewal-nudger".' })
  .trim()
  .refine((v) => EXTERNAL_REF.test(v) && !unsafeCharacter(v, { invisible: true }), {
    error: (issue) =>
      `External refs are "<source>:<id>" with no spaces, like "github:acme/renewal-nudger" or "zapier:z-1001"; "${echo(String(issue.input), 60)}" is not. The source is the name \`microapp discover list\` shows.`,
  });

/** An https address of a repository: host, then at least owner and name. */
export const repository = z
  .string({ error: 'The code repository must be text, like "https://github.com/acme/renewal-nudger".' })
  .trim()
  .transform((v) => v.replace(/\.git$/, '').replace(/\/+$/, ''))
  .refine((v) => /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~-]+){2,}$/i.test(v), {
    error: (issue) =>
      `Code repository must be its https address, like "https://github.com/acme/renewal-nudger"; "${echo(String(issue.input), 60)}" is not.`,
  });

/** One system an app talks to: its name, read or write access, and whether it needs a secret. */
export const integration = z.strictObject(
  {
    system: text('Integration system', 1, 100),
    access: choice('Integration access', ACCESS_LEVELS),
    requiresSecret: z.boolean({ error: 'Integration requiresSecret must be true or false.' }).default(false),
  },
  { error: 'Each integration needs a system, an access of read or write, and requiresSecret.' },
);
