import { CloudAdapter } from 'botbuilder';
import type { Core } from '../../src/app/core';
import { createPresenter } from '../../src/views/create-presenter';
import type { TeamsConfig } from '../../src/config/config';
import type { HttpServer } from '../../src/http/http-server';
import type { Logger } from '../../src/log/logger';
import type { Clock } from '../../src/ports/clock';
import type { Messenger } from '../../src/ports/messenger';
import type { Registry } from '../../src/ports/registry';
import { ClientReusingAuthentication } from './client-reusing-authentication';
import { createTeamsBot } from './teams-bot';
import { createTeamsRenderer } from './teams-cards';
import { teamsEndpoint } from './teams-endpoint';
import { createInConversation } from './teams-conversation';
import { createTeamsMessenger } from './teams-messenger';
import { createTeamsRoster } from './teams-roster';
import { createAddressCapture } from './teams-people';

/** What the Teams adapter needs from the bot. */
export interface TeamsAdapterDeps {
  config: TeamsConfig;
  core: Core;
  registry: Registry;
  http: HttpServer;
  logger: Logger;
  clock: Clock;
}

/** The Teams side of the bot. */
export interface TeamsAdapter {
  /** True when the SDK checks callers' tokens (an app id is set); false in local mode (loopback callers only). */
  authenticated: boolean;
  messenger: Messenger;
}

/**
 * Mounts the Bot Framework `CloudAdapter` at `POST /api/messages` on the bot's one HTTP server,
 * with single-tenant credentials by default, and builds the Teams messenger over the same adapter.
 * The SDK's HTTP clients are kept and reused across turns (see `ClientReusingAuthentication`).
 */
export function createTeamsAdapter(deps: TeamsAdapterDeps): TeamsAdapter {
  const { config } = deps;
  const log = deps.logger.child({ component: 'teams' });
  const auth = new ClientReusingAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: config.appId ? config.appType : 'MultiTenant',
    MicrosoftAppTenantId: config.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('a Teams turn failed', { error, type: context.activity.type, name: context.activity.name });
  };
  const addresses = deps.registry.addresses;
  const views = createPresenter(deps.core);
  const inConversation = createInConversation(adapter, config.appId ?? '');
  const roster = createTeamsRoster({
    inConversation,
    addresses,
    people: deps.core.people,
    clock: deps.clock,
    logger: log,
  });
  const renderer = createTeamsRenderer({ core: deps.core, views, addresses, roster });
  const capture = createAddressCapture({ addresses, clock: deps.clock });
  const logic = createTeamsBot({ core: deps.core, views, renderer, logger: log, capture, roster });
  deps.http.route('POST', '/api/messages', teamsEndpoint({ adapter, logic, credentials: Boolean(config.appId) }));
  const messenger = createTeamsMessenger({
    adapter,
    appId: config.appId ?? '',
    addresses,
    clock: deps.clock,
    inConversation,
    toActivity: renderer.activity,
  });
  return { authenticated: Boolean(config.appId), messenger };
}
