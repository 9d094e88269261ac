import { z } from 'zod';
import type { Assessment } from './assessment';
import type { FormValues } from './registration-answers';

/** Where a person is in the registration form; carried by the platform between steps. */
export interface RegistrationDraft {
  step: 1 | 2;
  /** First-step answers, carried into the second step. */
  answers: FormValues;
  /** Second-step questions asked so far; later answers can only add to them. */
  asked: string[];
  /** The app being changed, when this is an update. */
  appId?: string;
  /** Discovered items' refs a new registration lists (the form opened from a discovery question). */
  externalRefs?: string[];
}

/** One step of the form, ready to render: what to ask, what to fill in and what went wrong. */
export interface RegistrationFormState {
  draft: RegistrationDraft;
  /** Values to show in this step's inputs. */
  values: FormValues;
  /** Problems by input id, shown next to the inputs. */
  errors: Record<string, string>;
  /** Where the answers so far are heading (the second step says what happens next). */
  outlook?: Assessment;
  /** The catalog as a pick-list. */
  systems: { id: string; name: string; category: string }[];
  /** Second-step inputs where the answers are heading demands an answer; the others are labelled optional. */
  demanded?: string[];
  /** The classification the data answers suggest. */
  suggestedClassification?: string;
  /** The name of the app being changed. */
  appName?: string;
  /** The discovered item the form was opened for, to say so at its top. */
  discovered?: { name: string; source: string };
}

const formValue = z.union([z.string().max(10_000), z.array(z.string().max(300)).max(200), z.boolean()]).optional();
const draftSchema = z.strictObject({
  step: z.union([z.literal(1), z.literal(2)]),
  answers: z.record(z.string().max(300), formValue),
  asked: z.array(z.string().max(300)).max(200),
  appId: z.string().max(100).optional(),
  externalRefs: z.array(z.string().max(600)).max(50).optional(),
});

/** The draft as text for a platform to carry (Slack's `private_metadata`, a card's data). */
export function encodeDraft(draft: RegistrationDraft): string {
  return JSON.stringify(draft);
}

/** Reads a carried draft back; anything unreadable starts the form over at step 1. */
export function decodeDraft(text: string | undefined): RegistrationDraft {
  try {
    const parsed = draftSchema.safeParse(JSON.parse(text ?? ''));
    if (parsed.success) return parsed.data as RegistrationDraft;
  } catch {
    // not JSON: a fresh form
  }
  return { step: 1, answers: {}, asked: [] };
}
