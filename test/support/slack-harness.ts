import { createHmac, randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import type { RunningBot } from '../../src/start-bot';
import { startBot } from '../../src/start-bot';
import { startFakeSlack } from './fake-slack';
import { createTestDatabase } from './test-databases';
import { policyCopy } from './test-policy';

/** The bot on a free port, talking to a fake Slack, with helpers that send signed requests like Slack's. */
export async function startSlackHarness(options: { slackRetries?: number } = {}) {
  const secret = randomBytes(16).toString('hex');
  const slack = await startFakeSlack();
  const db = await createTestDatabase('sqlite');
  const logs: string[] = [];
  const env = {
    PORT: '0',
    POLICY_DIR: policyCopy(),
    DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    SLACK_BOT_TOKEN: 'xoxb-1-test-token',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.url,
  };
  const config = loadConfig(env);
  const boot = () => startBot(config, createLogger({ level: 'debug', secrets: config.secrets, write: (l) => logs.push(l) }), { slackRetries: options.slackRetries ?? 0, delivery: { pollMs: 50 } });
  let bot: RunningBot = await boot();
  let base = `http://127.0.0.1:${bot.port}/slack/events`;

  /** Posts a body signed with the signing secret; `skewSeconds` moves the timestamp. */
  const send = async (body: string, contentType: string, options: { skewSeconds?: number; signature?: string; headers?: Record<string, string> } = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000) + (options.skewSeconds ?? 0));
    const signature = options.signature ?? `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature, ...options.headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  };

  return {
    slack,
    logs,
    /** The environment the bot was configured from (the CLI reads the same). */
    env,
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
    command: (user: string, text: string) =>
      send(new URLSearchParams({ command: '/microapp', text, user_id: user, user_name: user.toLowerCase(), team_id: 'T1', channel_id: 'C-work', trigger_id: `trigger-${randomBytes(4).toString('hex')}`, response_url: slack.url.replace(/api\/$/, 'respond/1'), api_app_id: 'A1', token: 'legacy' }).toString(), 'application/x-www-form-urlencoded'),
    /** An interactive payload (block_actions, view_submission). */
    interact: (payload: Record<string, unknown>) => send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded'),
    /** An Events API envelope. */
    event: (event: Record<string, unknown>, eventId: string, headers?: Record<string, string>) =>
      send(JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event }), 'application/json', { headers }),
    async close() {
      await bot.stop();
      await slack.close();
      await db.drop();
    },
  };
}

/** The harness handle. */
export type SlackHarness = Awaited<ReturnType<typeof startSlackHarness>>;

/** Fills a registration modal's state the way Slack sends it, from manifest-like values. */
export function modalState(values: Record<string, unknown>): Record<string, Record<string, Record<string, unknown>>> {
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [key, value] of Object.entries(values)) {
    let input: Record<string, unknown>;
    if (typeof value === 'boolean') input = { type: 'checkboxes', selected_options: value ? [{ value: 'true' }] : [] };
    else if (Array.isArray(value)) input = { type: 'checkboxes', selected_options: value.map((v) => ({ value: v })) };
    else if (typeof value === 'string' && /^slack:/.test(value)) input = { type: 'users_select', selected_user: value.slice(6) };
    else if (['audience', 'dataClassification'].includes(key)) input = { type: 'static_select', selected_option: { value } };
    else if (typeof value === 'number') input = { type: 'number_input', value: String(value) };
    else input = { type: 'plain_text_input', value };
    state[key] = { [key]: input };
  }
  return state;
}

/** A view_submission of the registration modal. */
export function registrationSubmission(user: string, values: Record<string, unknown>, callbackId = 'microapp.register.submit') {
  return { type: 'view_submission', team: { id: 'T1' }, user: { id: user, team_id: 'T1' }, api_app_id: 'A1', trigger_id: 't', view: { id: 'V1', type: 'modal', callback_id: callbackId, private_metadata: '', state: { values: modalState(values) } } };
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
