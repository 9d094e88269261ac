import { ErrorCode, WebClient } from '@slack/web-api';
import type { Logger as SlackLogger } from '@slack/web-api';
import type { SlackConfig } from '../../src/config/config';
import { unusableSetting } from '../../src/domain/errors';
import { tokenFix } from './slack-errors';

/** Slack's Web API when SLACK_API_URL is not set. */
const DEFAULT_API_URL = 'https://slack.com/api/';

/**
 * How long start-up tries to reach Slack: each `auth.test` attempt may take 7 s and is retried twice a
 * second apart, so an unreachable API is reported in under 30 s rather than after the client's
 * default half hour of retries.
 */
const ATTEMPT_TIMEOUT_MS = 7_000;
const RETRIES = 2;

/**
 * Calls `auth.test` once, bounded, before the bot starts: a refused token or an unreachable API stops
 * start-up with a `config.unusable` error naming the setting and its fix.
 */
export async function checkSlackToken(
  config: SlackConfig,
  logger: SlackLogger,
  options: { retries?: number } = {},
): Promise<void> {
  const apiUrl = config.apiUrl ?? DEFAULT_API_URL;
  const client = new WebClient(config.botToken, {
    slackApiUrl: apiUrl,
    timeout: ATTEMPT_TIMEOUT_MS,
    retryConfig: { retries: options.retries ?? RETRIES, factor: 1, minTimeout: 1000, maxTimeout: 1000 },
    logger,
  });
  try {
    await client.auth.test();
  } catch (error) {
    throw startupError(error, apiUrl);
  }
}

function startupError(error: unknown, apiUrl: string) {
  const e = error as {
    code?: string;
    data?: { error?: string };
    statusCode?: number;
    original?: { name?: string; code?: unknown; cause?: { code?: string } };
  };
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    const fix = tokenFix(code);
    return unusableSetting(
      fix
        ? `SLACK_BOT_TOKEN was refused by Slack (${code}): ${fix}`
        : `SLACK_BOT_TOKEN could not be checked: Slack answered auth.test with "${code}". Check the app's installation and its token, then restart.`,
      error,
    );
  }
  if (e.code === ErrorCode.HTTPError) {
    return unusableSetting(
      `SLACK_API_URL ${apiUrl} answered HTTP ${e.statusCode ?? '?'} instead of Slack's Web API: check the address (leave SLACK_API_URL unset for ${DEFAULT_API_URL}) and any proxy, then restart.`,
      error,
    );
  }
  const reason =
    e.original?.name === 'TimeoutError'
      ? `no answer in ${ATTEMPT_TIMEOUT_MS / 1000} s`
      : String(e.original?.cause?.code ?? (typeof e.original?.code === 'string' ? e.original.code : 'no answer'));
  const via =
    apiUrl === DEFAULT_API_URL
      ? "check this machine's network, DNS and outbound proxy (HTTPS to slack.com)"
      : `check the address (leave SLACK_API_URL unset for ${DEFAULT_API_URL}), the network and any proxy`;
  return unusableSetting(`SLACK_API_URL ${apiUrl} could not be reached (${reason}): ${via}, then restart.`, error);
}
