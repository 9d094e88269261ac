import type { App, RespondFn, SlashCommand as SlackCommand } from '@slack/bolt';
import { ownerStatus } from '../../src/views/owner-status';
import { assertNever } from '../../src/views/view-model';
import { STATUS_WORDS, day } from '../../src/views/wording';
import { escapeMrkdwn, toMessage } from './block-kit';
import { openRegistrationForm } from './registration-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';
import type { SlashCommand } from './slash-command';
import { HELP_TEXT, parseSlashCommand } from './slash-command';
import { openDecommissionForm, recertifyCommand, transferCommand } from './steward-handlers';

/**
 * `/microapp …`: acknowledges at once. Forms open right after the ack (the trigger id lives three
 * seconds); help comes back in the ack; everything else is answered through `respond` once the
 * acknowledgements waiting in line have gone out.
 */
export function registerCommandHandler(app: App, deps: SlackHandlerDeps): void {
  app.command('/microapp', async ({ ack, command, client, respond }) => {
    const parsed = parseSlashCommand(command.text ?? '');
    switch (parsed.verb) {
      case 'help':
        return ack({ response_type: 'ephemeral', text: HELP_TEXT });
      case 'register':
        await ack();
        return openRegistrationForm(client, command.trigger_id, command.user_id);
      case 'decommission':
        await ack();
        return openDecommissionForm(client, command.trigger_id, parsed.app);
      default:
        await ack();
        deps.later(async () => respond({ response_type: 'ephemeral', ...(await answer(deps, parsed, command)) }));
    }
  });
}

type Answered = Exclude<SlashCommand, { verb: 'help' | 'register' | 'decommission' }>;

async function answer(deps: SlackHandlerDeps, parsed: Answered, command: SlackCommand): Promise<Parameters<RespondFn>[0] & object> {
  switch (parsed.verb) {
    case 'list': {
      const actor = await deps.actorOf(command.user_id, command.team_id);
      const page = await deps.core.listApps({ owners: [`slack:${actor.userId}`, ...(actor.email ? [actor.email] : [])], limit: 50 });
      const lines = page.apps.map((a) => `• ${escapeMrkdwn(a.name)}: ${STATUS_WORDS[a.status]}, tier ${a.tier}${a.expiresAt ? `, expires ${day(a.expiresAt)}` : ''}`);
      return { text: lines.length ? `Your apps:\n${lines.join('\n')}` : 'You have no registered apps yet. Try `/microapp register`.' };
    }
    case 'recertify':
      return { text: await recertifyCommand(deps, parsed.app, command.user_id, command.team_id) };
    case 'transfer':
      return { text: await transferCommand(deps, parsed.app, parsed.toUserId, command.user_id, command.team_id) };
    case 'status': {
      const details = await deps.core.appDetails(parsed.app);
      if (!details) return { text: `No app called "${escapeMrkdwn(parsed.app)}" is registered. \`/microapp list\` shows yours.` };
      return toMessage(ownerStatus(details.app, details.revision.assessment, details.review));
    }
    default:
      return assertNever(parsed);
  }
}
