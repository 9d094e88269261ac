import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config/config';
import type { GroupDirectory } from '../../src/ports/group-directory';
import { GroupDirectoryError } from '../../src/ports/group-directory';
import { tokenFix } from './slack-errors';

/** The bot scope both user group methods need. */
export const USERGROUPS_SCOPE = 'usergroups:read';

/** A user group as `usergroups.list` describes it (the fields read here). */
interface ListedGroup {
  id?: string;
  handle?: string;
  date_delete?: number;
}

/**
 * Slack user groups: a handle (`@reviewers`) is turned into the group's id with `usergroups.list`
 * (enabled groups only), then `usergroups.users.list` gives the members' user ids, each a `slack:U…`
 * ref. Names and emails come later from the people directory. Needs the bot scope `usergroups:read`.
 */
export function slackGroupDirectory(
  config: SlackConfig,
  options: { retries?: number; timeoutMs?: number } = {},
): GroupDirectory {
  const client = new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    timeout: options.timeoutMs ?? 15_000,
    retryConfig: { retries: options.retries ?? 2 },
    logLevel: LogLevel.ERROR,
  });
  return {
    kind: 'slack-group',
    async members(group) {
      try {
        let id = group.id;
        if (id.startsWith('@')) {
          const listed = await client.usergroups.list({ include_disabled: false });
          const found = ((listed.usergroups ?? []) as ListedGroup[]).find(
            (g) => g.handle?.toLowerCase() === id.slice(1) && !g.date_delete,
          );
          if (!found?.id)
            throw new GroupDirectoryError({
              code: 'group.unknown',
              problem: `${group.key}: no enabled Slack user group has the handle ${id}.`,
              fix: `Check the handle in Slack (People > User groups) and correct slack-group:${id} in roles.yaml, or remove it.`,
            });
          id = found.id;
        }
        const listed = await client.usergroups.users.list({ usergroup: id });
        return (listed.users ?? []).map((user) => ({ ref: `slack:${user}` }));
      } catch (error) {
        if (error instanceof GroupDirectoryError) throw error;
        throw slackGroupError(error, group.key);
      }
    },
  };
}

function slackGroupError(error: unknown, key: string): GroupDirectoryError {
  const e = error as { code?: string; data?: { error?: string } };
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    if (code === 'missing_scope')
      return new GroupDirectoryError({
        code: 'group.missing_permission',
        problem: `${key} cannot be read: the bot token lacks the scope ${USERGROUPS_SCOPE}.`,
        fix: `Add the bot scope ${USERGROUPS_SCOPE} under OAuth & Permissions (it is in this repository's manifest.json), reinstall the app and update SLACK_BOT_TOKEN.`,
        cause: error,
      });
    if (code === 'no_such_subteam')
      return new GroupDirectoryError({
        code: 'group.unknown',
        problem: `${key}: Slack has no user group with this id.`,
        fix: `Check the user group's id (or write its handle, like slack-group:@reviewers) and correct ${key} in roles.yaml, or remove it.`,
        cause: error,
      });
    if (code === 'plan_upgrade_required')
      return new GroupDirectoryError({
        code: 'group.not_configured',
        problem: `${key} cannot be read: this Slack workspace's plan has no user groups.`,
        fix: `List the group's people in roles.yaml instead of ${key}.`,
        cause: error,
      });
    const fix = tokenFix(code);
    return new GroupDirectoryError({
      code: fix ? 'group.missing_permission' : 'group.unavailable',
      problem: `${key} could not be read: Slack answered "${code}".`,
      fix: fix ?? 'It is tried again at the next refresh.',
      cause: error,
    });
  }
  return new GroupDirectoryError({
    code: 'group.unavailable',
    problem: `${key} could not be read: Slack did not answer (${e.code ?? (error as Error)?.message ?? 'no answer'}).`,
    fix: 'It is tried again at the next refresh; check SLACK_API_URL and the network if it persists.',
    cause: error,
  });
}
