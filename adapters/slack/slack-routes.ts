import type { App, Middleware, SlackAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';

/** Where the handlers register: buttons by `action_id`, forms by `callback_id`, events and the slash command as bolt has them. */
export interface SlackRoutes {
  action<A extends SlackAction>(actionId: string, handler: Middleware<SlackActionMiddlewareArgs<A>>): void;
  view(callbackId: string, handler: Middleware<SlackViewMiddlewareArgs>): void;
  event: App['event'];
  command: App['command'];
}

/**
 * Routes every button and form to its handler through one bolt listener each, found by id in a
 * map. Bolt runs each interaction through every listener's middleware to see which one matches,
 * so with one listener per button a click cost a copy of its arguments per button the bot has.
 */
export function routeSlackInteractions(app: App): SlackRoutes {
  const actions = new Map<string, Middleware<SlackActionMiddlewareArgs>>();
  const views = new Map<string, Middleware<SlackViewMiddlewareArgs>>();
  app.action(/.*/, async (args) => {
    const id = 'action_id' in args.action ? args.action.action_id : undefined;
    const handler = id === undefined ? undefined : actions.get(id);
    if (handler) await handler(args);
  });
  app.view(/.*/, async (args) => {
    await views.get(args.view.callback_id)?.(args);
  });
  return {
    action(actionId, handler) {
      actions.set(actionId, handler as Middleware<SlackActionMiddlewareArgs>);
    },
    view(callbackId, handler) {
      views.set(callbackId, handler);
    },
    event: app.event.bind(app),
    command: app.command.bind(app),
  };
}
