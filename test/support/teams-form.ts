import type { TeamsHarness } from './teams-harness';
import type { TeamsUser, Where } from './teams-activities';

/** An answer to one form input: text, a number, several choices, a flag, or a person (picked with the people picker). */
export type TeamsFill = string | number | boolean | string[] | TeamsUser;

/** Every element of a card, depth first. */
export function elements(card: unknown): Record<string, any>[] {
  const found: Record<string, any>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    found.push(node as Record<string, any>);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

/** The input ids a card shows. */
export function inputIds(card: unknown): string[] {
  return elements(card)
    .filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.'))
    .map((e) => e.id as string);
}

/** All text a card shows, joined (word joiners removed). */
export function cardText(card: unknown): string {
  return elements(card)
    .filter((e) => e.type === 'TextRun' || e.type === 'TextBlock')
    .map((e) => String(e.text))
    .join('\n')
    .replace(/\u2060/g, '');
}

/** The problem shown under an input: the "⚠" line right after it. */
export function errorUnder(card: unknown, id: string): string | undefined {
  const body = elements(card).find((e) => Array.isArray(e.body))?.body as Record<string, any>[];
  const at = body.findIndex((e) => e.id === id);
  for (const next of body.slice(at + 1, at + 3)) {
    const text = cardText(next);
    if (text.startsWith('⚠')) return text;
  }
  return undefined;
}

const asData = (fill: TeamsFill): string =>
  typeof fill === 'object' && !Array.isArray(fill)
    ? fill.aadObjectId
    : Array.isArray(fill)
      ? fill.join(',')
      : String(fill);

/** What the last step answered: the dialog closed with a message, or a form came back (with problems or the next step). */
export type DialogAnswer = { kind: 'closed'; message: string } | { kind: 'form'; card: Record<string, any> };

/** Submits a dialog form card with answers for its inputs (by id), as Teams does: the submit action's data plus every input's value. */
export async function submitForm(
  h: TeamsHarness,
  user: TeamsUser,
  card: Record<string, any>,
  answers: Record<string, TeamsFill>,
  where: Where = 'personal',
): Promise<DialogAnswer> {
  const submit = elements(card).find((e) => e.type === 'Action.Submit');
  const values = Object.fromEntries(
    inputIds(card)
      .filter((id) => id in answers)
      .map((id) => [id, asData(answers[id]!)]),
  );
  const r = await h.taskSubmit(user, { ...submit!.data, ...values }, where);
  if (r.status !== 200) throw new Error(`task/submit answered ${r.status}: ${JSON.stringify(r.body)}`);
  return dialogAnswer(r.body);
}

/** Reads a `task/fetch` or `task/submit` answer. */
export function dialogAnswer(body: any): DialogAnswer {
  if (body?.task?.type === 'message') return { kind: 'closed', message: String(body.task.value) };
  if (body?.task?.type === 'continue') return { kind: 'form', card: body.task.value.card.content };
  throw new Error(`not a dialog answer: ${JSON.stringify(body)}`);
}

/** Opens the registration dialog and answers each step with the answers its inputs ask for, until it closes or shows problems. */
export async function registerInTeams(
  h: TeamsHarness,
  user: TeamsUser,
  answers: Record<string, TeamsFill>,
  open: Record<string, unknown> = { action: 'register' },
): Promise<{ answer: DialogAnswer; cards: Record<string, any>[] }> {
  let answer = dialogAnswer((await h.taskFetch(user, open)).body);
  const cards: Record<string, any>[] = [];
  for (let step = 0; step < 4 && answer.kind === 'form'; step++) {
    const card = answer.card;
    cards.push(card);
    const next = await submitForm(h, user, card, answers);
    if (next.kind === 'form' && elements(next.card).some((e) => cardText(e).startsWith('⚠')))
      return { answer: next, cards };
    answer = next;
  }
  return { answer, cards };
}
