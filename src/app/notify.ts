import type { AppRecord, ReviewRecord, RevisionRecord } from '../domain/app-record';
import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Messenger } from '../ports/messenger';
import type { Registry } from '../ports/registry';
import { approvalCard } from '../views/approval-card';
import { ownerStatus } from '../views/owner-status';

/** How long a delivery problem stays quiet after admins were told about it. */
const PROBLEM_QUIET_MS = 60 * 60 * 1000;

/** What sending cards and messages needs. */
export interface NotifyDeps {
  registry: Registry;
  policy: () => Policy;
  /** The chat platforms that are switched on, by platform name. */
  messengers: ReadonlyMap<string, Messenger>;
  clock: Clock;
  logger: Logger;
}

/**
 * Sends the reviewers' cards and the owners' messages. Delivery problems (a channel the bot is
 * not in, a revoked token) are logged with their fix, sent to the admin role (at most once an hour
 * per problem), and never undo the registration or decision that caused them.
 */
export function createNotify(deps: NotifyDeps) {
  const names = async (refs: (string | undefined)[]) => {
    const result: Record<string, string> = {};
    for (const ref of new Set(refs.filter((r): r is string => Boolean(r)))) {
      const name = await messengerFor(ref)?.displayName(ref).catch(() => undefined);
      if (name) result[ref] = name;
    }
    return result;
  };
  const messengerFor = (ref: string) => deps.messengers.get(ref.split(':')[0]!) ?? (ref.includes('@') ? [...deps.messengers.values()][0] : undefined);
  const told = new Map<string, number>();
  const tellAdmins = async (what: string, fields: Record<string, unknown>, error: unknown) => {
    const fix = (error as { fix?: string }).fix;
    const key = `${what}|${String(fields.channel ?? '')}|${(error as Error).message}`;
    const now = deps.clock.now().getTime();
    if (!fix || now - (told.get(key) ?? -Infinity) < PROBLEM_QUIET_MS) return;
    told.set(key, now);
    const view = { title: 'microapp-bot could not deliver a message', blocks: [{ type: 'text' as const, text: `I could not ${what}${fields.channel ? ` in ${String(fields.channel)}` : ''}: ${(error as Error).message}. Fix: ${fix}` }] };
    for (const admin of deps.policy().roles.admin?.members ?? []) {
      await messengerFor(admin)?.sendToUser(admin, view).catch(() => undefined);
    }
  };
  const attempt = async (what: string, fields: Record<string, unknown>, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      deps.logger.error(`could not ${what}`, { ...fields, error, fix: (error as { fix?: string }).fix });
      await tellAdmins(what, fields, error);
    }
  };
  const card = async (app: AppRecord, revision: RevisionRecord, review: ReviewRecord) =>
    approvalCard({ app, manifest: revision.manifest, assessment: revision.assessment, review, names: await names([app.owner, review.decidedBy, ...review.approvals.map((a) => a.approver)]) });

  return {
    /** Posts the approval card to every reviewer destination of the tier, remembering each copy. */
    async announceReview(app: AppRecord, revision: RevisionRecord, review: ReviewRecord): Promise<void> {
      const view = await card(app, revision, review);
      for (const destination of revision.assessment.destinations) {
        const messenger = deps.messengers.get(destination.platform);
        if (!messenger) continue;
        await attempt('post the approval card', { app: app.name, channel: destination.channel }, async () => {
          const ref = await messenger.post(destination.channel, view);
          await deps.registry.saveCardPost(review.id, ref, deps.clock.now().toISOString());
        });
      }
    },

    /** Re-renders every posted copy of the card; once decided, tells the owner. */
    async publishDecision(app: AppRecord, review: ReviewRecord): Promise<void> {
      const revision = await deps.registry.read((tx) => tx.findRevision(review.revisionId));
      if (!revision) return;
      const view = await card(app, revision, review);
      for (const ref of await deps.registry.cardPosts(review.id)) {
        const messenger = deps.messengers.get(ref.platform);
        if (messenger) await attempt('update the approval card', { app: app.name, channel: ref.channel }, () => messenger.update(ref, view));
      }
      if (review.status === 'open') return;
      const owner = messengerFor(app.owner);
      const status = ownerStatus(app, revision.assessment, review, await names([review.decidedBy]));
      if (owner) await attempt('message the owner', { app: app.name }, () => owner.sendToUser(app.owner, status));
    },
  };
}
