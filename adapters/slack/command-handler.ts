import type { RespondFn, SlashCommand as SlackCommand } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import { appDetails } from '../../src/views/app-details';
import { assertNever } from '../../src/ports/view-model';
import { STATUS_WORDS, day, zoneLine } from '../../src/views/wording';
import { toMessage, toReply } from './block-kit';
import { openRegistration, openUpdate } from './registration-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';
import type { SlashCommand } from './slash-command';
import { HELP_TEXT, parseSlashCommand } from './slash-command';
import {
  exceptionCommand,
  incidentCommand,
  openDecommissionForm,
  recertifyCommand,
  tokenCommand,
  transferCommand,
} from './steward-handlers';
import { dashboardCommand } from './dashboard-command';

/** The core members the commands answered after the acknowledgement call. */
type AnswerCore =
  | 'describeApp'
  | 'grantException'
  | 'issueSignInLink'
  | 'issueAppToken'
  | 'listApps'
  | 'openIncident'
  | 'people'
  | 'recertifyApp'
  | 'transferApp';

/**
 * `/microapp …`: acknowledges at once. Forms open right after the ack (the trigger id lives three
 * seconds); help comes back in the ack; everything else is answered through `respond` once the
 * acknowledgements waiting in line have gone out. Every answer goes through `toReply` or
 * `toMessage`, the one escaping path.
 */
export function registerCommandHandler(
  app: SlackRoutes,
  deps: SlackHandlerDeps<AnswerCore | 'startRegistration'>,
): void {
  app.command('/microapp', async ({ ack, command, client, respond }) => {
    const parsed = parseSlashCommand(command.text ?? '');
    switch (parsed.verb) {
      case 'help':
        return ack({ response_type: 'ephemeral', ...toReply(HELP_TEXT) });
      case 'register':
        await ack();
        return openRegistration(client, deps, command.trigger_id, command.user_id, command.team_id);
      case 'update':
        await ack();
        return openUpdate(client, deps, command, parsed.app, respond);
      case 'decommission':
        await ack();
        return openDecommissionForm(client, command.trigger_id, parsed.app);
      default:
        await ack();
        deps.later(async () => respond({ response_type: 'ephemeral', ...(await answer(deps, parsed, command)) }));
    }
  });
}

type Answered = Exclude<SlashCommand, { verb: 'help' | 'register' | 'update' | 'decommission' }>;

async function answer(
  deps: SlackHandlerDeps<AnswerCore>,
  parsed: Answered,
  command: SlackCommand,
): Promise<Parameters<RespondFn>[0] & object> {
  const actor = await deps.actorOf(command.user_id, command.team_id);
  switch (parsed.verb) {
    case 'list': {
      const page = await deps.core.listApps({
        owners: [`slack:${actor.userId}`, ...(actor.email ? [actor.email] : [])],
        limit: 50,
      });
      const lines = page.apps.map(
        (a) =>
          `• ${a.name}: ${STATUS_WORDS[a.status]}, tier ${a.tier}${a.expiresAt ? `, expires ${day(a.expiresAt, actor.timeZone)}` : ''}`,
      );
      return toReply(
        lines.length
          ? [
              `Your apps:`,
              ...lines,
              ...zoneLine(
                actor.timeZone,
                page.apps.some((a) => a.expiresAt),
              ),
            ].join('\n')
          : 'You have no registered apps yet. Try `/microapp register`.',
      );
    }
    case 'recertify':
      return toReply(await recertifyCommand(deps, parsed.app, actor));
    case 'transfer':
      return toReply(await transferCommand(deps, parsed.app, parsed.toUserId, actor));
    case 'incident':
      return toReply(await incidentCommand(deps, parsed.text, actor));
    case 'token':
      return toReply(await tokenCommand(deps, parsed.app, actor));
    case 'dashboard':
      return toReply(await dashboardCommand(deps, actor));
    case 'exception':
      return toReply(await exceptionCommand(deps, parsed.text, actor));
    case 'status': {
      const described = await deps.core.describeApp(parsed.app);
      if (!described) return toReply(`No app called "${parsed.app}" is registered. \`/microapp list\` shows yours.`);
      return toMessage(appDetails(described, actor.timeZone, actor));
    }
    default:
      return assertNever(parsed);
  }
}
