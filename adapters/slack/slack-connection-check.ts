import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config/config';
import type { Finding } from '../../src/domain/finding';
import type { PlatformCheck, RoutedChannel } from '../../src/ports/platform-check';
import { tokenFix } from './slack-errors';

const DEFAULT_API_URL = 'https://slack.com/api/';
const CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/;

/** A channel as `conversations.list` describes it (the fields read here). */
interface ListedChannel {
  id?: string;
  name?: string;
  is_member?: boolean;
  is_archived?: boolean;
}

/**
 * The doctor's Slack check: `auth.test` with the bot token, then `conversations.list` (public and
 * private channels the bot can see) to find each reviewer channel the policy routes to, and whether
 * the bot is a member of it (the app has `chat:write` without `chat:write.public`, so it can post only
 * where it was invited). One attempt per call, bounded by `timeoutMs`; answers with findings, never throws.
 */
export function slackConnectionCheck(
  config: SlackConfig | undefined,
  options: { timeoutMs?: number } = {},
): PlatformCheck {
  return {
    platform: 'slack',
    configured: config !== undefined,
    howToConfigure:
      'Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode), see "Connect to Slack" in the README',
    async check(channels) {
      if (!config) return [];
      const apiUrl = config.apiUrl ?? DEFAULT_API_URL;
      const client = new WebClient(config.botToken, {
        slackApiUrl: apiUrl,
        timeout: options.timeoutMs ?? 7_000,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        // A failure is the finding; the SDK's own warning about it would only repeat it on stderr.
        logLevel: LogLevel.ERROR,
      });
      let botName: string;
      try {
        const auth = await client.auth.test();
        botName = auth.user ?? 'the bot';
      } catch (error) {
        return [{ check: 'slack', subject: 'SLACK_BOT_TOKEN', ...callProblem(error, 'auth.test', apiUrl) }];
      }
      if (channels.length === 0) return [];
      let listed: ListedChannel[];
      try {
        listed = await listChannels(client);
      } catch (error) {
        return [{ check: 'slack', subject: 'channels', ...callProblem(error, 'conversations.list', apiUrl) }];
      }
      return channels.flatMap((c) => channelFindings(c, listed, botName));
    },
  };
}

async function listChannels(client: WebClient): Promise<ListedChannel[]> {
  const all: ListedChannel[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({ types: 'public_channel,private_channel', limit: 1000, cursor });
    all.push(...((page.channels ?? []) as ListedChannel[]));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return all;
}

function channelFindings(routed: RoutedChannel, listed: ListedChannel[], botName: string): Finding[] {
  const name = routed.channel.replace(/^#/, '').toLowerCase();
  const found = CHANNEL_ID.test(routed.channel)
    ? listed.find((c) => c.id === routed.channel)
    : listed.find((c) => c.name?.toLowerCase() === name);
  const cards = `tier ${routed.tiers.join(' and ')} approval cards`;
  const subject = `slack ${routed.channel}`;
  if (!found)
    return [
      {
        check: 'slack',
        subject,
        problem: `The policy sends ${cards} to Slack "${routed.channel}", but the bot sees no such channel (a private channel is visible only once the bot is in it).`,
        fix: `Create the channel and type "/invite @${botName}" in it, or correct the channel in routing in policy.yaml.`,
      },
    ];
  if (found.is_archived)
    return [
      {
        check: 'slack',
        subject,
        problem: `Slack "${routed.channel}" is archived, so the ${cards} sent there cannot be posted.`,
        fix: `Unarchive the channel, or route to another channel in policy.yaml.`,
      },
    ];
  if (!found.is_member)
    return [
      {
        check: 'slack',
        subject,
        problem: `The bot is not a member of Slack "${routed.channel}", so the ${cards} sent there cannot be posted.`,
        fix: `Type "/invite @${botName}" in ${routed.channel.startsWith('#') ? routed.channel : `#${found.name ?? routed.channel}`}.`,
      },
    ];
  return [];
}

function callProblem(error: unknown, method: string, apiUrl: string): { problem: string; fix: string } {
  const e = error as {
    code?: string;
    data?: { error?: string; needed?: string };
    statusCode?: number;
    original?: { name?: string; code?: unknown; cause?: { code?: string } };
  };
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    const fix = tokenFix(code);
    if (fix) return { problem: `Slack refused SLACK_BOT_TOKEN (${code}).`, fix };
    if (code === 'missing_scope')
      return {
        problem: `The bot token lacks the scope ${e.data?.needed ?? 'that'} ${method} needs.`,
        fix: "Add the scope under OAuth & Permissions (the scopes are in this repository's manifest.json), reinstall the app and update SLACK_BOT_TOKEN.",
      };
    return {
      problem: `Slack answered ${method} with "${code}".`,
      fix: "Check the app's installation and its token.",
    };
  }
  if (e.code === ErrorCode.RateLimitedError)
    return { problem: `Slack rate-limited ${method}.`, fix: 'Run microapp doctor again in a minute.' };
  if (e.code === ErrorCode.HTTPError)
    return {
      problem: `SLACK_API_URL ${apiUrl} answered HTTP ${e.statusCode ?? '?'} instead of Slack's Web API.`,
      fix: `Check the address (leave SLACK_API_URL unset for ${DEFAULT_API_URL}) and any proxy.`,
    };
  const reason =
    e.original?.name === 'TimeoutError'
      ? 'no answer in time'
      : String(e.original?.cause?.code ?? (typeof e.original?.code === 'string' ? e.original.code : 'no answer'));
  return {
    problem: `Slack's Web API at ${apiUrl} could not be reached (${reason}).`,
    fix:
      apiUrl === DEFAULT_API_URL
        ? "Check this machine's network, DNS and outbound proxy (HTTPS to slack.com)."
        : `Check the address (leave SLACK_API_URL unset for ${DEFAULT_API_URL}), the network and any proxy.`,
  };
}
