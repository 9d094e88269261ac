import { createHash } from 'node:crypto';

/*
 * Inbound activities shaped like the ones Microsoft Teams posts to a bot's messaging endpoint.
 * Shapes follow the Teams platform docs (MicrosoftDocs/msteams-docs):
 * - message: bots/how-to/conversations/conversation-messages.md (personal chat: conversation
 *   `a:…`, conversationType personal, tenantId, channelData.tenant, clientInfo entity, locale,
 *   localTimezone) and conversation-basics.md "Teams channel data" (channelData.team, .channel,
 *   .tenant, teamsTeamId/teamsChannelId);
 * - mentions: channel-and-group-conversations.md (text carries `<at>name</at>`, `entities` has a
 *   `mention` whose `text` matches that part of the text);
 * - conversationUpdate / installationUpdate: subscribe-to-conversation-events.md;
 * - task/fetch, task/submit: TaskModuleRequest `{ data, context: { theme } }`;
 * - adaptiveCard/action: Universal Actions, `{ action: { type: 'Action.Execute', verb, data }, trigger }`.
 */

/** The tenant every ready user and team lives in. */
export const TENANT_ID = '4d7a9c1e-2b3f-4e5a-8c6d-7f8091a2b3c4';
/** The bot's Microsoft App ID; the bot is `28:<BOT_APP_ID>` in activities. */
export const BOT_APP_ID = '9e2b4c6d-8f01-4a23-b456-789abcdef012';
/** The bot as Teams names it in `recipient` and in mentions. */
export const BOT = { id: `28:${BOT_APP_ID}`, name: 'microapp' } as const;

/** A Teams user as the tests drive them. */
export interface TeamsUser {
  /** The bot-scoped Teams user id, `29:…`. */
  id: string;
  /** The Microsoft Entra (AAD) object id, a GUID; the bot's user ref is `teams:<aadObjectId>`. */
  aadObjectId: string;
  name: string;
  email: string;
  /** Defaults to `email`. */
  userPrincipalName?: string;
  /** Sent as `locale` (default en-US). */
  locale?: string;
  /** Sent as `localTimezone` and in the clientInfo entity (default Europe/Berlin). */
  timeZone?: string;
}

function user(key: string, name: string, aadObjectId: string, timeZone: string, locale: string): TeamsUser {
  return {
    id: `29:1${aadObjectId.replace(/-/g, '')}${key}`,
    aadObjectId,
    name,
    email: `${key}@example.com`,
    userPrincipalName: `${key}@example.com`,
    timeZone,
    locale,
  };
}

/** Ready users with distinct AAD object ids and emails @example.com. */
export const USERS = {
  /** An app owner (submits registrations). */
  ana: user('ana', 'Ana Owner', 'a0b1c2d3-e4f5-4a6b-8c7d-0000000a0a01', 'Europe/Berlin', 'de-DE'),
  /** Reviewer (role `reviewer`, by `teams:` ref). */
  rita: user('rita', 'Rita Reviewer', 'b1c2d3e4-f5a6-4b7c-9d8e-0000000b0b02', 'Europe/Berlin', 'en-GB'),
  /** Reviewer (role `reviewer` by email, and `fallback-reviewer`). */
  sam: user('sam', 'Sam Reviewer', 'c2d3e4f5-a6b7-4c8d-ae9f-0000000c0c03', 'Europe/London', 'en-GB'),
  /** Security reviewer (role `security`). */
  sec: user('sec', 'Sec Security', 'd3e4f5a6-b7c8-4d9e-bf0a-0000000d0d04', 'Europe/Berlin', 'en-US'),
  /** Platform engineer (roles `platform` and `admin`). */
  pat: user('pat', 'Pat Platform', 'e4f5a6b7-c8d9-4eaf-80b1-0000000e0e05', 'America/New_York', 'en-US'),
  /** Holds no role. */
  otto: user('otto', 'Otto Outsider', 'f5a6b7c8-d9e0-4fa1-91c2-0000000f0f06', 'Asia/Tokyo', 'ja-JP'),
} as const satisfies Record<string, TeamsUser>;

/** `teams:<aadObjectId>`, the user ref the bot writes owners and role members in. */
export function teamsRef(u: TeamsUser): string {
  return `teams:${u.aadObjectId}`;
}

/** A channel in a team, by name or by `19:…` id. `thread` is the root message id of a reply thread. */
export interface ChannelPlace {
  team: string;
  channel: string;
  thread?: string;
}

/** Where an activity happens: the user's 1:1 chat with the bot, or a team channel. */
export type Where = 'personal' | ChannelPlace;

/** A team with its channels, as the fake connector lists them. */
export interface TeamSpec {
  id: string;
  name: string;
  aadGroupId: string;
  /** The General channel comes first; its id is the team's id and the API names it null. */
  channels: { id: string; name: string }[];
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const guid = (s: string) => {
  const h = hex(s);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** A team's id (the id of its General channel): `19:<32 hex>@thread.tacv2`; ids pass through. */
export function teamId(nameOrId: string): string {
  return nameOrId.startsWith('19:') ? nameOrId : `19:${hex(`team:${nameOrId}`).slice(0, 32)}@thread.tacv2`;
}

/** A channel's id in a team; `General` is the team's own id; ids pass through. */
export function channelId(team: string, nameOrId: string): string {
  if (nameOrId.startsWith('19:')) return nameOrId;
  if (nameOrId === 'General') return teamId(team);
  return `19:${hex(`channel:${teamId(team)}/${nameOrId}`).slice(0, 32)}@thread.tacv2`;
}

/** A team with the General channel and the named ones, ids derived as `teamId`/`channelId` derive them. */
export function teamSpec(name: string, channels: string[]): TeamSpec {
  const names = ['General', ...channels.filter((c) => c !== 'General')];
  return {
    id: teamId(name),
    name,
    aadGroupId: guid(`group:${name}`),
    channels: names.map((c) => ({ id: channelId(name, c), name: c })),
  };
}

/** The team the harness sets up: General plus the review channels named in policies/policy.yaml, and Work. */
export const DEFAULT_TEAM: TeamSpec = teamSpec('Contoso', ['Micro app reviews', 'Micro app security reviews', 'Work']);

/** The user's 1:1 chat with the bot (stable per user, like Teams' `a:…` ids). */
export function personalConversationId(u: Pick<TeamsUser, 'aadObjectId'>): string {
  return `a:1${Buffer.from(`${u.aadObjectId}|${BOT_APP_ID}`).toString('base64url')}`;
}

/** A channel conversation id; with a root message id it names that thread (`…;messageid=<root>`). */
export function channelConversationId(place: ChannelPlace, rootMessageId?: string): string {
  const id = channelId(place.team, place.channel);
  return rootMessageId ? `${id};messageid=${rootMessageId}` : id;
}

/** A Teams activity (loosely typed: the tests read and tweak any field). */
export interface TeamsActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp?: string;
  serviceUrl: string;
  channelId: 'msteams';
  from: { id: string; name?: string; aadObjectId?: string };
  recipient: { id: string; name: string };
  conversation: {
    id: string;
    conversationType: 'personal' | 'channel' | 'groupChat';
    tenantId: string;
    isGroup?: boolean;
  };
  channelData: Record<string, any>;
  locale?: string;
  localTimezone?: string;
  [key: string]: any;
}

/** Per-activity knobs; `serviceUrl` is the fake connector's `url`. */
export interface ActivityOptions {
  serviceUrl: string;
  /** Defaults: a fresh 13-digit message id (`f:<n>` for conversation events). */
  id?: string;
  timestamp?: Date;
  /** The message this one answers: for invokes from a card, the card's message id. */
  replyToId?: string;
  /** Fields merged over the built activity last (shallow). */
  extra?: Record<string, unknown>;
}

let serial = 0;
/** A message id like Teams' (milliseconds since the epoch), unique within the test process. */
export function nextMessageId(): string {
  return String(1_800_000_000_000 + ++serial);
}

/** `2026-11-21T11:00:00.000+01:00` for the user's time zone, as Teams sends `localTimestamp`. */
function localTimestamp(at: Date, timeZone: string): string {
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const sign = offset === 'GMT' ? '+00:00' : offset.slice(3);
  const minutes = (sign.startsWith('-') ? -1 : 1) * (Number(sign.slice(1, 3)) * 60 + Number(sign.slice(4, 6)));
  return new Date(at.getTime() + minutes * 60_000).toISOString().replace('Z', sign);
}

function clientInfo(u: TeamsUser) {
  const locale = u.locale ?? 'en-US';
  return {
    type: 'clientInfo',
    locale,
    country: locale.split('-')[1] ?? 'US',
    platform: 'Web',
    timezone: u.timeZone ?? 'Europe/Berlin',
  };
}

/** The fields every activity carries, for a user in a place. `thread` names the channel thread (conversation id suffix). */
function base(
  type: string,
  u: TeamsUser,
  where: Where,
  options: ActivityOptions,
  id: string,
  thread: string | undefined,
): TeamsActivity {
  const at = options.timestamp ?? new Date();
  const timeZone = u.timeZone ?? 'Europe/Berlin';
  const tenant = { id: TENANT_ID };
  const common = {
    type,
    id,
    timestamp: at.toISOString(),
    localTimestamp: localTimestamp(at, timeZone),
    serviceUrl: options.serviceUrl,
    channelId: 'msteams' as const,
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    recipient: { id: BOT.id, name: BOT.name },
    locale: u.locale ?? 'en-US',
    localTimezone: timeZone,
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
  };
  if (where === 'personal') {
    return {
      ...common,
      conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: personalConversationId(u) },
      channelData: { tenant },
    };
  }
  const team = teamId(where.team);
  const channel = channelId(where.team, where.channel);
  return {
    ...common,
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT_ID,
      id: channelConversationId(where, thread),
    },
    channelData: { teamsChannelId: channel, teamsTeamId: team, channel: { id: channel }, team: { id: team }, tenant },
  };
}

/**
 * A `message` the user types. In a channel Teams only delivers messages that @mention the bot, so
 * the text becomes `<at>microapp</at> <text>` with a `mention` entity and the rich-text copy Teams
 * attaches; a new post's conversation id ends `;messageid=<its own id>`, a reply in `thread` ends
 * with the thread's root id and has `replyToId` = root.
 */
export function messageActivity(u: TeamsUser, text: string, where: Where, options: ActivityOptions): TeamsActivity {
  const id = options.id ?? nextMessageId();
  if (where === 'personal') {
    return {
      ...base('message', u, where, options, id, undefined),
      textFormat: 'plain',
      text,
      entities: [clientInfo(u)],
      ...options.extra,
    };
  }
  const mention = `<at>${BOT.name}</at>`;
  const thread = where.thread ?? id;
  return {
    ...base('message', u, where, { ...options, replyToId: options.replyToId ?? where.thread }, id, thread),
    textFormat: 'plain',
    text: `${mention} ${text}`,
    attachments: [
      { contentType: 'text/html', content: `<div><div><at>${BOT.name}</at>&nbsp;${escapeHtml(text)}</div></div>` },
    ],
    entities: [{ type: 'mention', text: mention, mentioned: { id: BOT.id, name: BOT.name } }, clientInfo(u)],
    ...options.extra,
  };
}

/**
 * An `invoke` (Teams waits for the answer in the HTTP response). In a channel the conversation id
 * names the thread of `where.thread`, else of `options.replyToId` (the card's own post).
 */
export function invokeActivity(
  u: TeamsUser,
  name: string,
  value: unknown,
  where: Where,
  options: ActivityOptions,
): TeamsActivity {
  const id = options.id ?? `f:${nextMessageId()}`;
  const thread = where === 'personal' ? undefined : (where.thread ?? options.replyToId);
  return { ...base('invoke', u, where, options, id, thread), name, value, entities: [clientInfo(u)], ...options.extra };
}

/** `task/fetch`: a button asked to open a dialog; `data` is the button's data as Teams forwards it. */
export function taskFetchActivity(
  u: TeamsUser,
  data: Record<string, unknown>,
  where: Where,
  options: ActivityOptions & { theme?: string },
): TeamsActivity {
  return invokeActivity(u, 'task/fetch', { data, context: { theme: options.theme ?? 'default' } }, where, options);
}

/** `task/submit`: the dialog's card was submitted; `data` is the action's data merged with the input values (by input id). */
export function taskSubmitActivity(
  u: TeamsUser,
  data: Record<string, unknown>,
  where: Where,
  options: ActivityOptions & { theme?: string },
): TeamsActivity {
  return invokeActivity(u, 'task/submit', { data, context: { theme: options.theme ?? 'default' } }, where, options);
}

/** `adaptiveCard/action`: an `Action.Execute` on a card; pass the card's message id as `replyToId`. */
export function cardActionActivity(
  u: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  where: Where,
  options: ActivityOptions & { actionId?: string; trigger?: 'manual' | 'automatic' },
): TeamsActivity {
  const action = { type: 'Action.Execute', ...(options.actionId ? { id: options.actionId } : {}), verb, data };
  return invokeActivity(u, 'adaptiveCard/action', { action, trigger: options.trigger ?? 'manual' }, where, options);
}

/**
 * `conversationUpdate` with the bot in `membersAdded`: in a team (`where` a channel place; the
 * conversation is the team's General channel, `channelData.eventType` teamMemberAdded), or in the
 * user's personal chat (the bot and the user are added; no eventType), as the docs show.
 */
export function botAddedActivity(
  u: TeamsUser,
  where: Where,
  options: ActivityOptions & { teamName?: string },
): TeamsActivity {
  const id = options.id ?? `f:${nextMessageId()}`;
  if (where === 'personal') {
    return {
      ...base('conversationUpdate', u, where, options, id, undefined),
      membersAdded: [{ id: BOT.id }, { id: u.id, aadObjectId: u.aadObjectId }],
      ...options.extra,
    };
  }
  const general: ChannelPlace = { team: where.team, channel: 'General' };
  const activity = base('conversationUpdate', u, general, options, id, undefined);
  const team = {
    id: teamId(where.team),
    ...(where.team.startsWith('19:') ? {} : { name: options.teamName ?? where.team }),
  };
  return {
    ...activity,
    from: { id: u.id, aadObjectId: u.aadObjectId },
    membersAdded: [{ id: BOT.id }],
    channelData: { team, eventType: 'teamMemberAdded', tenant: { id: TENANT_ID } },
    ...options.extra,
  };
}

/**
 * `installationUpdate` (action `add` by default): the app was installed in the user's personal
 * scope or in a team, with the channel the installer picked in `channelData.settings.selectedChannel`.
 */
export function installationActivity(
  u: TeamsUser,
  where: Where,
  options: ActivityOptions & { action?: 'add' | 'remove'; teamName?: string },
): TeamsActivity {
  const id = options.id ?? `f:${nextMessageId()}`;
  const action = options.action ?? 'add';
  if (where === 'personal') {
    const activity = base('installationUpdate', u, where, options, id, undefined);
    return {
      ...activity,
      action,
      from: { id: u.id, aadObjectId: u.aadObjectId },
      entities: [clientInfo(u)],
      channelData: { ...activity.channelData, source: { name: 'message' } },
      ...options.extra,
    };
  }
  const activity = base('installationUpdate', u, { team: where.team, channel: 'General' }, options, id, undefined);
  const selected = channelId(where.team, where.channel);
  const spec = where.team.startsWith('19:') ? undefined : teamSpec(where.team, []);
  return {
    ...activity,
    action,
    from: { id: u.id, aadObjectId: u.aadObjectId },
    entities: [clientInfo(u)],
    channelData: {
      settings: { selectedChannel: { id: selected } },
      channel: { id: teamId(where.team) },
      team: {
        id: teamId(where.team),
        ...(spec ? { name: options.teamName ?? where.team, aadGroupId: spec.aadGroupId } : {}),
      },
      tenant: { id: TENANT_ID },
      source: { name: 'message' },
    },
    ...options.extra,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Adaptive Cards an outbound activity carries (attachment contents), in order. */
export function adaptiveCards(
  activity: { attachments?: { contentType?: string; content?: unknown }[] } | undefined,
): Record<string, any>[] {
  return (activity?.attachments ?? [])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content as Record<string, any>);
}
