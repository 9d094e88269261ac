import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/log/logger';
import type { RunningBot, StartOptions } from '../../src/start-bot';
import { startBot } from '../../src/start-bot';
import { startFakeConnector } from './fake-connector';
import type { FakeSlack } from './fake-slack';
import { startFakeSlack } from './fake-slack';
import type { ActivityOptions, TeamsActivity, TeamsUser, Where } from './teams-activities';
import {
  DEFAULT_TEAM,
  TENANT_ID,
  USERS,
  botAddedActivity,
  cardActionActivity,
  installationActivity,
  invokeActivity,
  messageActivity,
  personalConversationId,
  taskFetchActivity,
  taskSubmitActivity,
  teamsRef,
} from './teams-activities';
import { createTestDatabase } from './test-databases';
import { policyCopy } from './test-policy';

/** Role name → members: a ready user (written as `teams:<aadObjectId>`) or a ref/email written as is. */
export type TeamsRoles = Record<string, (TeamsUser | string)[]>;

/**
 * Who holds which role unless `roles` says otherwise: Rita by ref and Sam by email review, Sec is
 * security, Pat is platform and admin, Sam is the fallback reviewer; Ana and Otto hold none.
 */
export const DEFAULT_TEAMS_ROLES: TeamsRoles = {
  reviewer: [USERS.rita, USERS.sam.email],
  security: [USERS.sec],
  platform: [USERS.pat],
  'fallback-reviewer': [USERS.sam],
  admin: [USERS.pat],
};

export interface TeamsHarnessOptions {
  /** Extra environment for `loadConfig`, over the harness's (PORT, POLICY_DIR, DATABASE_URL, and the Slack ones with `withSlack`). */
  env?: Record<string, string>;
  /** Roles to replace, role by role, in `DEFAULT_TEAMS_ROLES`. */
  roles?: TeamsRoles;
  /** Also run Slack against a fake Slack; the Slack test people keep their roles beside the Teams users. */
  withSlack?: boolean;
  /** Start options for `startBot`, over `{ slackRetries: 0, delivery: { pollMs: 50 } }`. */
  startOptions?: Partial<StartOptions>;
  /** Changes the policy copy's files before the bot reads them. */
  policy?: (dir: string) => void;
}

/** What the bot answered on /api/messages: the status and the body (parsed JSON, else text; undefined when empty). */
export interface PostResult {
  status: number;
  body: any;
}

/** Headers for a POST to /api/messages. */
export interface PostOptions {
  /** Sent as the Authorization header (Teams sends `Bearer <jwt>`); none by default. */
  authorization?: string;
  headers?: Record<string, string>;
}

/** Per-call activity knobs (the service URL is the fake connector's). */
export type HarnessActivityOptions = Omit<ActivityOptions, 'serviceUrl'> & PostOptions;

/** The bot on a free port with its Teams endpoint, a fake Bot Connector holding the ready users and team, and helpers that post like Teams. */
export async function startTeamsHarness(options: TeamsHarnessOptions = {}) {
  const connector = await startFakeConnector({
    personalConversationId: (m) =>
      m.aadObjectId ? personalConversationId({ aadObjectId: m.aadObjectId }) : `a:new-${m.id}`,
  });
  for (const u of Object.values(USERS)) {
    connector.addMember({
      id: u.id,
      name: u.name,
      aadObjectId: u.aadObjectId,
      email: u.email,
      userPrincipalName: u.userPrincipalName,
      tenantId: TENANT_ID,
    });
  }
  connector.addTeam(DEFAULT_TEAM);
  const slack: FakeSlack | undefined = options.withSlack ? await startFakeSlack() : undefined;
  const db = await createTestDatabase('sqlite');
  const logs: string[] = [];
  const policyDir = policyCopy((dir) => {
    writeRoles(dir, { ...DEFAULT_TEAMS_ROLES, ...options.roles }, Boolean(options.withSlack));
    options.policy?.(dir);
  });
  const env: Record<string, string> = {
    PORT: '0',
    POLICY_DIR: policyDir,
    DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    ...(slack
      ? {
          SLACK_BOT_TOKEN: 'xoxb-1-test-token',
          SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
          SLACK_API_URL: slack.url,
          TEAMS_LOCAL: 'on',
        }
      : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  /** Starts the bot and waits for its start-up checks, so their platform calls never land inside a test. */
  const boot = async () => {
    const started = await startBot(
      config,
      createLogger({ level: 'debug', secrets: config.secrets, write: (l) => logs.push(l) }),
      {
        slackRetries: 0,
        delivery: { pollMs: 50 },
        ...options.startOptions,
      },
    );
    await started.checked;
    return started;
  };
  let bot: RunningBot = await boot();
  let url = `http://127.0.0.1:${bot.port}/api/messages`;

  const post = async (activity: unknown, postOptions: PostOptions = {}): Promise<PostResult> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(postOptions.authorization ? { authorization: postOptions.authorization } : {}),
        ...postOptions.headers,
      },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: any = text === '' ? undefined : text;
    try {
      if (text !== '') body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  };
  const split = (o: HarnessActivityOptions = {}) => {
    const { authorization, headers, ...rest } = o;
    return { activityOptions: { ...rest, serviceUrl: connector.url }, postOptions: { authorization, headers } };
  };
  /** Builds an activity with the connector's URL, posts it, and returns the answer with the activity. */
  const send = async (build: (o: ActivityOptions) => TeamsActivity, o?: HarnessActivityOptions) => {
    const { activityOptions, postOptions } = split(o);
    const activity = build(activityOptions);
    return { ...(await post(activity, postOptions)), activity };
  };

  return {
    get bot() {
      return bot;
    },
    /** http://127.0.0.1:<port>/api/messages (changes on restart). */
    get url() {
      return url;
    },
    connector,
    /** The fake Slack, with `withSlack`. */
    slack,
    logs,
    /** The environment the bot was configured from (the CLI reads the same). */
    env,
    /** The policy directory the bot reads (a temp copy with the roles written in). */
    policyDir,
    /** The bot's HTTP port now (it changes on restart). */
    port: () => bot.port,
    /** POSTs any JSON to /api/messages over HTTP. */
    post,
    /** A message typed by `user` in their 1:1 chat (default) or, @mentioning the bot, in a team channel. */
    say: (u: TeamsUser, text: string, where: Where = 'personal', o?: HarnessActivityOptions) =>
      send((a) => messageActivity(u, text, where, a), o),
    /** Any invoke (`task/fetch`, `task/submit`, `adaptiveCard/action`, …) with a raw `value`. */
    invoke: (u: TeamsUser, name: string, value: unknown, where: Where = 'personal', o?: HarnessActivityOptions) =>
      send((a) => invokeActivity(u, name, value, where, a), o),
    /** `task/fetch` with `{ data, context: { theme: 'default' } }`. */
    taskFetch: (u: TeamsUser, data: Record<string, unknown>, where: Where = 'personal', o?: HarnessActivityOptions) =>
      send((a) => taskFetchActivity(u, data, where, a), o),
    /** `task/submit` with `{ data, context: { theme: 'default' } }`. */
    taskSubmit: (u: TeamsUser, data: Record<string, unknown>, where: Where = 'personal', o?: HarnessActivityOptions) =>
      send((a) => taskSubmitActivity(u, data, where, a), o),
    /** `adaptiveCard/action` (Action.Execute `verb` with `data`); pass the card's message id as `replyToId`. */
    cardAction: (
      u: TeamsUser,
      verb: string,
      data: Record<string, unknown>,
      where: Where = 'personal',
      o?: HarnessActivityOptions,
    ) => send((a) => cardActionActivity(u, verb, data, where, a), o),
    /** `installationUpdate` add: the app installed in `user`'s personal scope or in a team (with the chosen channel). */
    install: (u: TeamsUser, where: Where = 'personal', o?: HarnessActivityOptions) =>
      send((a) => installationActivity(u, where, a), o),
    /** `conversationUpdate` with the bot in membersAdded (teamMemberAdded in a team). */
    addBot: (u: TeamsUser, where: Where = 'personal', o?: HarnessActivityOptions) =>
      send((a) => botAddedActivity(u, where, a), o),
    /** Stops the bot (as on SIGTERM) and, unless `down`, starts it again on the same database and connector. */
    async restart(down = false) {
      await bot.stop();
      if (down) return;
      bot = await boot();
      url = `http://127.0.0.1:${bot.port}/api/messages`;
    },
    async close() {
      await bot.stop();
      await connector.close();
      await slack?.close();
      await db.drop();
    },
  };
}

/** The harness handle. */
export type TeamsHarness = Awaited<ReturnType<typeof startTeamsHarness>>;

/** Writes roles.yaml: the Teams roles, plus (with Slack) the members test-policy gave each role. */
function writeRoles(dir: string, roles: TeamsRoles, keepSlack: boolean): void {
  const file = join(dir, 'roles.yaml');
  const current = parse(readFileSync(file, 'utf8')) as {
    roles: Record<string, { description: string; members: string[] }>;
  };
  const names = new Set([...Object.keys(current.roles), ...Object.keys(roles)]);
  const out: Record<string, { description: string; members: string[] }> = {};
  for (const name of names) {
    const teams = (roles[name] ?? []).map((m) => (typeof m === 'string' ? m : teamsRef(m)));
    const slack = keepSlack ? (current.roles[name]?.members ?? []) : [];
    out[name] = { description: current.roles[name]?.description ?? name, members: [...new Set([...teams, ...slack])] };
  }
  writeFileSync(file, stringify({ roles: out }));
}
