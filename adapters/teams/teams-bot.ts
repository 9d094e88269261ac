import type { TurnContext } from 'botbuilder';
import { TeamsInfo } from 'botbuilder';
import type { Core } from '../../src/app/core';
import type { Presenter } from '../../src/views/create-presenter';
import type { Actor } from '../../src/domain/actor';
import { actorRef } from '../../src/domain/actor';
import type { Logger } from '../../src/log/logger';
import { appDetails } from '../../src/views/app-details';
import { STATUS_WORDS, day, personName, plural, zoneLine } from '../../src/views/wording';
import { incidentReported } from '../../src/views/incident-answer';
import { tokenIssued } from '../../src/views/token-issued';
import { signInLinkText } from '../../src/views/sign-in-link';
import { exceptionGranted } from '../../src/views/exception-answer';
import type { AdaptiveCard } from './adaptive-card';
import { answerFailure } from '../../src/views/answer-failure';
import { encodeAddress } from './teams-address';
import type { CardAction } from './teams-card-actions';
import { createCardActions, verbOf } from './teams-card-actions';
import type { TeamsRenderer } from './teams-cards';
import { cardActivity, dialogLauncher, messageCard, textCard } from './teams-cards';
import type { TeamsCommand } from './teams-command';
import { TEAMS_HELP, parseTeamsCommand } from './teams-command';
import { DIALOGS, createTeamsDialogs } from './teams-dialogs';
import { teamsActorOf, tenantOf } from './teams-people';
import type { TeamsRoster } from './teams-roster';

/** The core members the turn logic calls, its dialogs' and card actions' included. */
type TeamsCore = Pick<
  Core,
  | 'advanceRegistration'
  | 'answerDiscoveredItem'
  | 'answerIncident'
  | 'answerReminder'
  | 'claimApp'
  | 'decideReview'
  | 'decommissionApp'
  | 'describeApp'
  | 'digestOf'
  | 'grantException'
  | 'issueAppToken'
  | 'issueSignInLink'
  | 'listApps'
  | 'openIncident'
  | 'people'
  | 'recertifyApp'
  | 'routeChannel'
  | 'startDiscoveredRegistration'
  | 'startRegistration'
  | 'transferApp'
>;

/** What the turn logic needs. */
export interface TeamsBotDeps {
  core: TeamsCore;
  /** Words and cards for the reader: explained failures, messages shown again. */
  views: Presenter;
  renderer: TeamsRenderer;
  logger: Logger;
  /** Stores where the sender and their conversation can be reached later. */
  capture(activity: TurnContext['activity']): Promise<void>;
  /** Finds out who people picked in a form are (their name and email), from the connector. */
  roster?: Pick<TeamsRoster, 'resolve'>;
}

/** The content type Teams expects for a card returned from `adaptiveCard/action`. */
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
/** The `adaptiveCard/action` answer that shows a message and leaves the card as it is (Universal Actions' response types). */
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

/**
 * The bot's turn logic: commands typed in personal chat or as `@microapp …` in channels, dialogs
 * (`task/fetch`, `task/submit`), card actions (`adaptiveCard/action`, and the `Action.Submit`
 * fallback as a message with a value), and installs. Every activity first records where its sender
 * can be reached. Every answer is a card rendered from a neutral view (the one escaping path).
 */
export function createTeamsBot(deps: TeamsBotDeps): (context: TurnContext) => Promise<void> {
  const { core } = deps;
  const dialogs = createTeamsDialogs(deps);
  const cardActions = createCardActions(deps);
  const reply = async (context: TurnContext, card: AdaptiveCard): Promise<void> => {
    await context.sendActivity(cardActivity(card) as never);
  };
  const invokeResponse = async (context: TurnContext, body: unknown): Promise<void> => {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } } as never);
  };

  const onInvoke = async (context: TurnContext, actor: Actor) => {
    const value = (context.activity.value ?? {}) as {
      data?: Record<string, unknown>;
      action?: { verb?: string; data?: Record<string, unknown> };
    };
    switch (context.activity.name) {
      case 'task/fetch':
        return invokeResponse(context, await dialogs.fetch(value.data ?? {}, actor));
      case 'task/submit':
        return invokeResponse(
          context,
          await dialogs.submit(
            value.data ?? {},
            actor,
            (ids) => deps.roster?.resolve(context, ids) ?? Promise.resolve(),
          ),
        );
      case 'adaptiveCard/action': {
        const data = value.action?.data ?? {};
        const { card, message } = await cardActions({ verb: verbOf(data, value.action?.verb), data }, actor);
        if (message) return invokeResponse(context, { statusCode: 200, type: MESSAGE_RESPONSE, value: message });
        return invokeResponse(context, { statusCode: 200, type: CARD_RESPONSE, value: card });
      }
      default:
        return invokeResponse(context, {});
    }
  };

  const onMessage = async (context: TurnContext, actor: Actor) => {
    const submitted = context.activity.value as Record<string, unknown> | undefined;
    if (submitted && typeof submitted === 'object') {
      const action: CardAction = { verb: verbOf(submitted), data: submitted };
      const { refusal, message } = await cardActions(action, actor);
      if (message ?? refusal) await reply(context, textCard((message ?? refusal)!, refusal ? 'warning' : undefined));
      return;
    }
    const command = parseTeamsCommand(stripBotMention(context));
    await reply(context, await answer(context, command, actor));
  };

  const answer = async (context: TurnContext, command: TeamsCommand, actor: Actor): Promise<AdaptiveCard> => {
    try {
      switch (command.verb) {
        case 'help':
          return textCard(TEAMS_HELP);
        case 'register':
          return dialogLauncher(
            'Register a micro app: eight quick questions, then only what your answers need.',
            'Open the form',
            { action: DIALOGS.register },
          );
        case 'update':
          return dialogLauncher(
            `Change what "${command.app}" does. Small changes are recorded at once; bigger ones are reviewed again.`,
            'Open the form',
            { action: DIALOGS.update, app: command.app },
          );
        case 'decommission':
          return dialogLauncher(
            `Retire "${command.app}": confirm its plan was carried out and its data purged.`,
            'Decommission…',
            { action: DIALOGS.decommission, app: command.app },
          );
        case 'list': {
          const page = await core.listApps({
            owners: [actorRef(actor), ...(actor.email ? [actor.email] : [])],
            limit: 50,
          });
          if (page.apps.length === 0) return textCard('You have no registered apps yet. Type "register" to add one.');
          const lines = page.apps.map(
            (a) =>
              `• ${a.name}: ${STATUS_WORDS[a.status]}, tier ${a.tier}${a.expiresAt ? `, expires ${day(a.expiresAt, actor.timeZone)}` : ''}`,
          );
          return textCard(
            [
              'Your apps:',
              ...lines,
              ...zoneLine(
                actor.timeZone,
                page.apps.some((a) => a.expiresAt),
              ),
            ].join('\n'),
          );
        }
        case 'status': {
          const described = await core.describeApp(command.app);
          return described
            ? messageCard(appDetails(described, actor.timeZone, actor))
            : textCard(`No app called "${command.app}" is registered. Type "list" to see yours.`, 'warning');
        }
        case 'recertify': {
          const renewed = await core.recertifyApp(command.app, actor);
          return textCard(
            [
              `Re-certified "${renewed.name}": approved until ${day(renewed.expiresAt, actor.timeZone)}.`,
              ...zoneLine(actor.timeZone),
            ].join(' '),
            'good',
          );
        }
        case 'transfer': {
          const to = await newOwner(context, command.to);
          if (!to)
            return textCard(
              `I could not tell who "${command.to.replace(/<\/?at>/g, '')}" is. Mention them with @, or give their email address.`,
              'warning',
            );
          const { app } = await core.transferApp(command.app, to, actor);
          const names = await core.people.names([app.owner]);
          return textCard(`"${app.name}" now belongs to ${personName(app.owner, names)}. They have been told.`, 'good');
        }
        case 'route':
          return await route(context, command.asked, actor);
        case 'token': {
          if (context.activity.conversation?.conversationType !== 'personal') {
            return textCard(
              'A token is shown only in a personal chat: message me directly (open the chat with microapp) and type "token" with the app\'s name there.',
              'warning',
            );
          }
          return textCard(tokenIssued(await core.issueAppToken(command.app, actor)), 'good');
        }
        case 'dashboard': {
          if (context.activity.conversation?.conversationType !== 'personal') {
            return textCard(
              'A sign-in link is sent only in a personal chat: message me directly (open the chat with microapp) and type "dashboard" there.',
              'warning',
            );
          }
          return textCard(signInLinkText(await core.issueSignInLink(await withEmail(context, actor))), 'good');
        }
        case 'incident': {
          const r = await core.openIncident(command.text, actor);
          return textCard(incidentReported(r.app.name, r.told, r.remindAfterHours), r.told > 0 ? 'good' : 'warning');
        }
        case 'exception':
          return textCard(
            exceptionGranted(await core.grantException({ text: command.text }, actor), actor.timeZone),
            'good',
          );
      }
    } catch (error) {
      return textCard(
        (await answerFailure(deps, 'a Teams command', error, actor, { verb: command.verb })).text,
        'warning',
      );
    }
  };

  /** The actor with their email, asking Teams for their profile when the directory has none yet (a first message). */
  const withEmail = async (context: TurnContext, actor: Actor): Promise<Actor> => {
    if (actor.email || !deps.roster) return actor;
    const ref = actorRef(actor);
    await deps.roster.resolve(context, [actor.userId]);
    return { ...actor, email: (await core.people.known([ref])).get(ref)?.email };
  };

  const route = async (context: TurnContext, asked: string, actor: Actor): Promise<AdaptiveCard> => {
    const a = context.activity;
    const channel = (a.channelData as { channel?: { id?: string; name?: string } } | undefined)?.channel;
    if (a.conversation?.conversationType !== 'channel' || !a.serviceUrl) {
      return textCard(
        'Type this in the Teams channel that should get the cards, starting with @microapp (the app must be added to that team).',
        'warning',
      );
    }
    const conversationId = channel?.id ?? a.conversation.id.split(';')[0]!;
    const address = encodeAddress({
      serviceUrl: a.serviceUrl,
      conversationId,
      tenantId: tenantOf(a as never),
      botId: a.recipient?.id,
    });
    const result = await core.routeChannel(
      { platform: 'teams', asked, address, place: channel?.name ?? 'a Teams channel' },
      actor,
    );
    const tiers = result.tiers.map((t) => `tier ${t}`).join(' and ');
    const waiting =
      result.queued > 0
        ? ` ${plural(result.queued, 'card')} waiting for review ${result.queued === 1 ? 'is' : 'are'} on the way.`
        : '';
    const gets = [
      ...(tiers ? [`the approval cards for ${tiers}`] : []),
      ...(result.checkpoints ? ["the audit log's signed checkpoints"] : []),
    ].join(' and ');
    return textCard(`Done: this channel now gets ${gets} (route "${result.routes.join('", "')}").${waiting}`, 'good');
  };

  return async (context) => {
    await deps
      .capture(context.activity)
      .catch((error) => deps.logger.warn('could not store a Teams address', { error }));
    const type = context.activity.type;
    if (type !== 'message' && type !== 'invoke' && type !== 'installationUpdate') return;
    if (type === 'installationUpdate') {
      if (String(context.activity.action ?? '').startsWith('add'))
        await reply(context, textCard(`Hello! I keep the register of micro apps and AI agents.\n${TEAMS_HELP}`));
      return;
    }
    const actor = await teamsActorOf(core.people, context);
    if (type === 'invoke') return onInvoke(context, actor);
    return onMessage(context, actor);
  };
}

/** The message text without the bot's own `<at>…</at>` mention (channels), trimmed. */
function stripBotMention(context: TurnContext): string {
  let text = context.activity.text ?? '';
  const botId = context.activity.recipient?.id;
  for (const e of context.activity.entities ?? []) {
    const mention = e as { type?: string; mentioned?: { id?: string }; text?: string };
    if (mention.type === 'mention' && mention.mentioned?.id === botId && mention.text)
      text = text.split(mention.text).join(' ');
  }
  return text.replace(/<at>[^<]*<\/at>/i, (m) => (/^<at>\s*microapp\s*<\/at>$/i.test(m) ? ' ' : m)).trim();
}

/** Who `transfer … <person>` names: an email as typed, or a mentioned Teams user (their email when Teams gives it, else their Entra object id). */
async function newOwner(context: TurnContext, typed: string): Promise<string | undefined> {
  if (!typed.startsWith('<at>')) return typed.toLowerCase();
  const entity = (context.activity.entities ?? []).find(
    (e) => (e as { type?: string; text?: string }).type === 'mention' && (e as { text?: string }).text === typed,
  ) as { mentioned?: { id?: string } } | undefined;
  const id = entity?.mentioned?.id;
  if (!id || id === context.activity.recipient?.id) return undefined;
  const member = await TeamsInfo.getMember(context, id).catch(() => undefined);
  const objectId = (member as { objectId?: string; aadObjectId?: string } | undefined)?.objectId ?? member?.aadObjectId;
  return member?.email?.toLowerCase() ?? (objectId ? `teams:${objectId}` : undefined);
}
