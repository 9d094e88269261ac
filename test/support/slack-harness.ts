import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../adapters/slack/block-kit';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/log/logger';
import type { RunningBot } from '../../src/start-bot';
import { startBot } from '../../src/start-bot';
import { startFakeSlack } from './fake-slack';
import { commandBody, interactionBody, signedSlackPost } from './signed-slack-post';
import { createTestDatabase } from './test-databases';
import { policyCopy, withoutTeams } from './test-policy';
import { waitFor } from './wait-for';

/** The bot on a free port, talking to a fake Slack, with helpers that send signed requests like Slack's. */
export async function startSlackHarness(
  options: {
    slackRetries?: number;
    policyDir?: string;
    roleGroupsTickMs?: number;
    /** More settings, like a discovery source's credentials. */
    env?: Record<string, string>;
  } = {},
) {
  const secret = randomBytes(16).toString('hex');
  const slack = await startFakeSlack();
  const db = await createTestDatabase('sqlite');
  const logs: string[] = [];
  const env = {
    PORT: '0',
    POLICY_DIR: options.policyDir ?? policyCopy(withoutTeams),
    DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    SLACK_BOT_TOKEN: 'xoxb-1-test-token',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.url,
    ...options.env,
  };
  const config = loadConfig(env);
  /** Starts the bot and waits for its start-up checks, so their platform calls never land inside a test. */
  const boot = async () => {
    const started = await startBot(
      config,
      createLogger({ level: 'debug', secrets: config.secrets, write: (l) => logs.push(l) }),
      {
        slackRetries: options.slackRetries ?? 0,
        delivery: { pollMs: 50 },
        roleGroupsTickMs: options.roleGroupsTickMs,
      },
    );
    await started.checked;
    return started;
  };
  let bot: RunningBot = await boot();
  let base = `http://127.0.0.1:${bot.port}/slack/events`;

  /** Posts a body signed with the signing secret; `skewSeconds` moves the timestamp. */
  const send = signedSlackPost(() => base, secret);

  return {
    slack,
    logs,
    /** The environment the bot was configured from (the CLI reads the same). */
    env,
    /** The bot's HTTP port now (it changes on restart). */
    port: () => bot.port,
    /** Stops the bot (as on SIGTERM) and, unless `down` is true, starts it again on the same database. */
    async restart(down = false) {
      await bot.stop();
      if (down) return;
      bot = await boot();
      base = `http://127.0.0.1:${bot.port}/slack/events`;
    },
    /** Texts sent to slash commands' response_url, in order. */
    responses: () => slack.calls.filter((c) => c.method.startsWith('/respond/')).map((c) => String(c.args.text ?? '')),
    send,
    /** A `/microapp` slash command from a user. */
    command: (user: string, text: string, triggerId = newTrigger()) =>
      send(
        commandBody(user, text, triggerId, slack.url.replace(/api\/$/, 'respond/1')),
        'application/x-www-form-urlencoded',
      ),
    /** An interactive payload (block_actions, view_submission). */
    interact: (payload: Record<string, unknown>) => send(interactionBody(payload), 'application/x-www-form-urlencoded'),
    /** An Events API envelope. */
    event: (event: Record<string, unknown>, eventId: string, headers?: Record<string, string>) =>
      send(
        JSON.stringify({
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: eventId,
          event_time: Math.floor(Date.now() / 1000),
          event,
        }),
        'application/json',
        { headers },
      ),
    /**
     * Runs `/microapp <text>` (register, or update <app>) and takes the modal the bot opened with
     * that command's trigger id, ready to be filled in and submitted like Slack does.
     */
    async openForm(user: string, text = 'register'): Promise<FormSession> {
      const trigger = newTrigger();
      expect((await this.command(user, text, trigger)).status).toBe(200);
      await waitFor(() => slack.callsTo('views.open').some((c) => c.args.trigger_id === trigger));
      return formSession(
        this.interact,
        user,
        slack.callsTo('views.open').find((c) => c.args.trigger_id === trigger)!.args.view,
      );
    },
    /**
     * Registers (or, with `command` "update <app>", changes) through the form: each step gets the
     * answers among `answers` whose inputs it shows, until the modal closes or shows errors. Every
     * answer must have been asked somewhere; returns the last answer and every view seen.
     */
    async register(
      user: string,
      answers: Record<string, Fill>,
      command = 'register',
    ): Promise<{ answer: StepAnswer; views: SlackView[] }> {
      return fillForm(await this.openForm(user, command), answers);
    },
    async close() {
      await bot.stop();
      await slack.close();
      await db.drop();
    },
  };
}

/** The harness handle. */
export type SlackHarness = Awaited<ReturnType<typeof startSlackHarness>>;

/** A modal, message or App Home as Block Kit JSON. */
export type SlackView = Record<string, any>;

/**
 * An answer for one input, as a person gives it: text or a number typed, the value of the option
 * picked (or of each option ticked), a user id (`U…` or `slack:U…`), or a single checkbox ticked.
 * An empty string clears what was shown.
 */
export type Fill = string | number | boolean | string[];

/** What the bot answered to a submitted step: the modal closed, problems shown inline, or the view replaced. */
export type StepAnswer =
  | { kind: 'closed' }
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'update'; view: SlackView };

/** A modal on screen that a test fills in and submits, step after step. */
export interface FormSession {
  /** The view on screen now (replaced when the bot answers with `update`). */
  view: SlackView;
  /** Block ids of the inputs on screen, in order. */
  inputs(): string[];
  /** One input block on screen. */
  input(id: string): SlackView;
  /**
   * Submits the view: inputs keep what they show unless `fills` changes them, as in Slack.
   * Slack refuses to send a form with a required input empty or text over its maximum; so does this,
   * unless `unchecked` (a client that skips those checks).
   */
  submit(fills?: Record<string, Fill>, options?: { unchecked?: boolean }): Promise<StepAnswer>;
}

/** A fresh trigger id, as Slack gives with each interaction. */
export function newTrigger(): string {
  return `trigger-${randomBytes(4).toString('hex')}`;
}

/**
 * Fills a registration form step by step: each step gets the answers among `answers` whose inputs
 * it shows, until the modal closes or shows errors. Every answer must have been asked somewhere;
 * returns the last answer and every view seen.
 */
export async function fillForm(
  form: FormSession,
  answers: Record<string, Fill>,
): Promise<{ answer: StepAnswer; views: SlackView[] }> {
  const views = [form.view];
  const used = new Set<string>();
  for (let step = 0; step < 4; step++) {
    const onScreen = form.inputs().filter((id) => id in answers);
    onScreen.forEach((id) => void used.add(id));
    const answer = await form.submit(Object.fromEntries(onScreen.map((id) => [id, answers[id]!])));
    if (answer.kind !== 'update') {
      const unasked = Object.keys(answers).filter((id) => !used.has(id));
      if (answer.kind === 'closed' && unasked.length > 0)
        throw new Error(`the form never asked for ${unasked.join(', ')}`);
      return { answer, views };
    }
    views.push(answer.view);
  }
  throw new Error(`the form kept asking: ${JSON.stringify(form.view)}`);
}

/** Drives a modal the bot opened, the way Slack's client does. */
export function formSession(
  interact: (payload: Record<string, unknown>) => Promise<{ status: number; text: string }>,
  user: string,
  opened: SlackView,
): FormSession {
  const problems = blockKitProblems(opened, LIMITS.modalBlocks);
  if (problems.length > 0) throw new Error(`Slack would refuse this modal: ${problems.join('; ')}`);
  let serial = 0;
  const session: FormSession = {
    view: opened,
    inputs: () => session.view.blocks.filter((b: SlackView) => b.type === 'input').map((b: SlackView) => b.block_id),
    input(id) {
      const block = session.view.blocks.find((b: SlackView) => b.type === 'input' && b.block_id === id);
      if (!block) throw new Error(`no input "${id}" on screen; there are ${session.inputs().join(', ')}`);
      return block;
    },
    async submit(fills = {}, options = {}) {
      for (const id of Object.keys(fills)) session.input(id);
      const values: Record<string, Record<string, unknown>> = {};
      for (const block of session.view.blocks.filter((b: SlackView) => b.type === 'input')) {
        const state = inputState(block, fills[block.block_id]);
        if (!options.unchecked) {
          if (!block.optional && isEmpty(state))
            throw new Error(`Slack would not submit: "${block.label.text}" (${block.block_id}) is required`);
          if (
            typeof state.value === 'string' &&
            block.element.max_length &&
            state.value.length > block.element.max_length
          )
            throw new Error(`Slack would not submit: ${block.block_id} is over ${block.element.max_length} characters`);
        }
        values[block.block_id] = { [block.element.action_id]: state };
      }
      const { blocks, callback_id, private_metadata, title, submit, close } = session.view;
      const view = {
        id: `V-form-${++serial}`,
        team_id: 'T1',
        type: 'modal',
        blocks,
        callback_id,
        private_metadata,
        title,
        submit,
        close,
        state: { values },
        hash: `h${serial}`,
      };
      const r = await interact({
        type: 'view_submission',
        team: { id: 'T1', domain: 'acme' },
        user: { id: user, team_id: 'T1' },
        api_app_id: 'A1',
        trigger_id: newTrigger(),
        view,
      });
      expect(r.status).toBe(200);
      if (r.text === '') return { kind: 'closed' };
      const answer = JSON.parse(r.text) as {
        response_action: string;
        errors?: Record<string, string>;
        view?: SlackView;
      };
      if (answer.response_action === 'errors') {
        const unknown = Object.keys(answer.errors ?? {}).filter((id) => !session.inputs().includes(id));
        if (unknown.length > 0) throw new Error(`errors for inputs not on screen: ${unknown.join(', ')}`);
        return { kind: 'errors', errors: answer.errors ?? {} };
      }
      if (answer.response_action !== 'update' || !answer.view) throw new Error(`unexpected answer ${r.text}`);
      const found = blockKitProblems(answer.view, LIMITS.modalBlocks);
      if (found.length > 0) throw new Error(`Slack would refuse this modal: ${found.join('; ')}`);
      session.view = answer.view;
      return { kind: 'update', view: answer.view };
    },
  };
  return session;
}

/** One input's state in a view_submission, as Slack sends it: what the input shows, changed by `fill`. */
function inputState(block: SlackView, fill: Fill | undefined): Record<string, unknown> {
  const e = block.element;
  const option = (value: string) => {
    const found = (e.options ?? []).find((o: SlackView) => o.value === value);
    if (!found)
      throw new Error(
        `${block.block_id} has no option "${value}"; it offers ${(e.options ?? []).map((o: SlackView) => o.value).join(', ')}`,
      );
    return found;
  };
  switch (e.type) {
    case 'plain_text_input':
    case 'number_input':
      return { type: e.type, value: fill === undefined ? (e.initial_value ?? null) : String(fill) || null };
    case 'users_select':
      return {
        type: e.type,
        selected_user: fill === undefined ? (e.initial_user ?? null) : String(fill).replace(/^slack:/, '') || null,
      };
    case 'radio_buttons':
    case 'static_select':
      return {
        type: e.type,
        selected_option: fill === undefined ? (e.initial_option ?? null) : fill === '' ? null : option(String(fill)),
      };
    case 'checkboxes':
    case 'multi_static_select': {
      if (fill === undefined) return { type: e.type, selected_options: e.initial_options ?? [] };
      if (typeof fill === 'boolean') return { type: e.type, selected_options: fill ? [e.options[0]] : [] };
      return { type: e.type, selected_options: (Array.isArray(fill) ? fill : [String(fill)]).map(option) };
    }
    default:
      throw new Error(`the form driver does not know ${e.type}`);
  }
}

function isEmpty(state: Record<string, unknown>): boolean {
  const v = state.value ?? state.selected_user ?? state.selected_option ?? state.selected_options;
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Every Block Kit limit a surface must keep, as a list of problems (empty when Slack would take it). */
export function blockKitProblems(surface: SlackView, maxBlocks: number): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => ok || found.push(what);
  const blocks: SlackView[] = surface.blocks;
  check(blocks.length <= maxBlocks, `${blocks.length} blocks > ${maxBlocks}`);
  for (const [k, max] of [
    ['title', LIMITS.modalTitle],
    ['submit', LIMITS.modalTitle],
    ['close', LIMITS.modalTitle],
  ] as const) {
    if (surface[k]) check(surface[k].text.length <= max, `${k} too long`);
  }
  if (surface.type === 'modal' && blocks.some((b) => b.type === 'input'))
    check(Boolean(surface.submit), 'a modal with inputs needs a submit button');
  if (surface.private_metadata !== undefined)
    check(surface.private_metadata.length <= LIMITS.privateMetadata, 'private_metadata too long');
  const blockIds = blocks.filter((b) => b.block_id).map((b) => b.block_id);
  check(new Set(blockIds).size === blockIds.length, 'block ids repeat');
  for (const b of blocks) {
    if (b.block_id) check(b.block_id.length <= LIMITS.blockId, 'block_id too long');
    if (b.type === 'header') check(b.text.text.length <= LIMITS.headerText, 'header too long');
    if (b.type === 'section' && b.text)
      check(b.text.text.length <= LIMITS.sectionText, `section text ${b.text.text.length}`);
    if (b.type === 'section' && b.fields) {
      check(b.fields.length <= LIMITS.fields, 'too many fields');
      for (const f of b.fields) check(f.text.length <= LIMITS.fieldText, 'field too long');
    }
    if (b.type === 'context')
      for (const e of b.elements) check(e.text.length <= LIMITS.contextText, 'context too long');
    if (b.type === 'actions') {
      check(b.elements.length <= 25, 'too many buttons');
      for (const e of b.elements) {
        check(e.text.text.length <= LIMITS.buttonText, 'button text too long');
        check(e.action_id.length <= LIMITS.actionId, 'action_id too long');
        check(e.value.length <= LIMITS.buttonValue, 'button value too long');
      }
    }
    if (b.type === 'input') found.push(...inputProblems(b).map((p) => `${b.block_id}: ${p}`));
  }
  return found;
}

function inputProblems(b: SlackView): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => ok || found.push(what);
  const e = b.element;
  check(b.label.text.length <= LIMITS.label, 'label too long');
  if (b.hint) check(b.hint.text.length <= LIMITS.hint, 'hint too long');
  check(e.action_id.length <= LIMITS.actionId, 'action_id too long');
  if (e.placeholder) {
    check(
      ['plain_text_input', 'number_input', 'static_select', 'multi_static_select', 'users_select'].includes(e.type),
      `${e.type} takes no placeholder`,
    );
    check(e.placeholder.text.length <= LIMITS.placeholder, 'placeholder too long');
  }
  if (['static_select', 'multi_static_select'].includes(e.type))
    check(e.options.length >= 1 && e.options.length <= LIMITS.options, `${e.options.length} options`);
  if (['checkboxes', 'radio_buttons'].includes(e.type))
    check(
      e.options.length >= 1 && e.options.length <= LIMITS.inlineOptions,
      `${e.options.length} options in ${e.type}`,
    );
  for (const o of e.options ?? []) {
    check(o.text.text.length <= LIMITS.optionText, 'option text too long');
    check(o.value.length <= 150, 'option value too long');
    if (o.description) {
      check(
        ['checkboxes', 'radio_buttons'].includes(e.type),
        `descriptions are for checkboxes and radio buttons, not ${e.type}`,
      );
      check(o.description.text.length <= LIMITS.optionDescription, 'option description too long');
    }
  }
  const same = (x: SlackView) => (e.options ?? []).some((o: SlackView) => JSON.stringify(o) === JSON.stringify(x));
  for (const o of [...(e.initial_options ?? []), ...(e.initial_option ? [e.initial_option] : [])])
    check(same(o), `initial option ${o.value} is not one of the options`);
  if (e.initial_options) check(e.initial_options.length > 0, 'empty initial_options');
  if (e.type === 'plain_text_input' && e.max_length) check(e.max_length <= LIMITS.textInput, 'max_length over 3000');
  if (e.initial_value)
    check(e.initial_value.length <= (e.max_length ?? LIMITS.textInput), 'initial value over max_length');
  return found;
}

/** A click on a card button. */
export function buttonClick(user: string, actionId: string, value: string, channel = 'C-microapp-reviews') {
  return {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trigger-${randomBytes(4).toString('hex')}`,
    channel: { id: channel },
    container: { type: 'message', channel_id: channel, message_ts: '1.1' },
    message: { ts: '1.1' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1.2' }],
  };
}
