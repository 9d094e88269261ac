import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { TeamsAddress } from './teams-address';
import { toReference } from './teams-address';
import { teamsError } from './teams-errors';

/** Runs work in a stored conversation (a proactive turn); what it returns comes back, what it throws comes back as a DeliveryError. */
export type InConversation = <T>(address: TeamsAddress, work: (context: TurnContext) => Promise<T>) => Promise<T>;

/** Continues stored conversations through the SDK adapter as the bot. */
export function createInConversation(adapter: CloudAdapter, appId: string): InConversation {
  return async <T>(address: TeamsAddress, work: (context: TurnContext) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    let failed: unknown;
    try {
      // The failure is kept here: thrown from the callback it would go to the adapter's turn-error handler instead of to us.
      await adapter.continueConversationAsync(appId, toReference(address), async (context) => {
        result = await work(context).catch((error: unknown) => {
          failed = error ?? new Error('failed');
          return undefined;
        });
      });
    } catch (error) {
      failed = error;
    }
    if (failed !== undefined) throw teamsError(failed);
    return result as T;
  };
}
