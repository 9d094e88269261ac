import type { App } from '@slack/bolt';
import { ownerStatus } from '../../src/views/owner-status';
import { STATUS_WORDS, day } from '../../src/views/wording';
import { escapeMrkdwn, toMessage } from './block-kit';
import { openRegistrationForm } from './registration-handlers';
import type { StewardDeps } from './steward-handlers';
import { openDecommissionForm, recertifyCommand, transferCommand } from './steward-handlers';
import { HELP_TEXT, parseSlashCommand } from './slash-command';

/** `/microapp …`: acknowledges at once, opens the form before any slow work, and answers in plain words. */
export function registerCommandHandler(app: App, deps: StewardDeps): void {
  app.command('/microapp', async ({ ack, command, client, respond }) => {
    const parsed = parseSlashCommand(command.text ?? '');
    if (parsed.verb === 'register') {
      await ack();
      await openRegistrationForm(client, command.trigger_id, command.user_id);
      return;
    }
    if (parsed.verb === 'decommission') {
      await ack();
      await openDecommissionForm(client, command.trigger_id, parsed.app);
      return;
    }
    if (parsed.verb === 'help') {
      await ack({ response_type: 'ephemeral', text: HELP_TEXT });
      return;
    }
    await ack();
    const actor = await deps.actorOf(command.user_id, command.team_id);
    if (parsed.verb === 'list') {
      const page = await deps.core.listApps({ owners: [`slack:${actor.userId}`, ...(actor.email ? [actor.email] : [])], limit: 50 });
      const lines = page.apps.map((a) => `• ${escapeMrkdwn(a.name)}: ${STATUS_WORDS[a.status]}, tier ${a.tier}${a.expiresAt ? `, expires ${day(a.expiresAt)}` : ''}`);
      await respond({ response_type: 'ephemeral', text: lines.length ? `Your apps:\n${lines.join('\n')}` : 'You have no registered apps yet. Try `/microapp register`.' });
      return;
    }
    if (parsed.verb === 'recertify') {
      await respond({ response_type: 'ephemeral', text: await recertifyCommand(deps, parsed.app, command.user_id, command.team_id) });
      return;
    }
    if (parsed.verb === 'transfer') {
      await respond({ response_type: 'ephemeral', text: await transferCommand(deps, parsed.app, parsed.toUserId, command.user_id, command.team_id) });
      return;
    }
    const details = await deps.core.appDetails(parsed.app);
    if (!details) {
      await respond({ response_type: 'ephemeral', text: `No app called "${escapeMrkdwn(parsed.app)}" is registered. \`/microapp list\` shows yours.` });
      return;
    }
    await respond({ response_type: 'ephemeral', ...toMessage(ownerStatus(details.app, details.revision.assessment, details.review)) });
  });
}
