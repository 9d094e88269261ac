import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Messenger } from '../ports/messenger';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { SecretScanner } from '../secrets/scan-secrets';
import type { Actor } from '../domain/actor';
import type { ReviewDecision } from './decide-review';
import { createDecideReview } from './decide-review';
import { createNotify } from './notify';
import type { ExportFormat } from './export-apps';
import { exportApps } from './export-apps';
import { listApps } from './list-apps';
import { createSubmitRegistration } from './submit-registration';
import { verifyAudit } from './verify-audit';

/** Everything the core needs from the outside. */
export interface CoreDeps {
  registry: Registry;
  policy: () => Policy;
  scanner: SecretScanner;
  clock: Clock;
  logger: Logger;
  /** Chat platforms that are on; adapters add theirs as they start. */
  messengers: Map<string, Messenger>;
}

/** The use cases, wired to their dependencies; adapters and the CLI call only these. */
export function createCore(deps: CoreDeps) {
  const submit = createSubmitRegistration(deps);
  const decide = createDecideReview(deps);
  const notify = createNotify(deps);
  return {
    /** Registers an app, then posts its approval cards when it needs review. */
    async submitRegistration(input: unknown, actor: Actor) {
      const result = await submit(input, actor);
      if (result.review) await notify.announceReview(result.app, result.revision, result.review);
      return result;
    },
    /** Records a decision, then updates every copy of the card and tells the owner. */
    async decideReview(decision: ReviewDecision) {
      const result = await decide(decision);
      await notify.publishDecision(result.app, result.review);
      return result;
    },
    /** An app with its current revision and latest review. */
    appDetails: (idOrName: string) =>
      deps.registry.read(async (tx) => {
        const app = (await tx.findApp(idOrName)) ?? (await tx.findAppByName(idOrName));
        if (!app) return undefined;
        return { app, revision: (await tx.findRevision(app.currentRevisionId))!, review: await tx.findLatestReview(app.id) };
      }),
    listApps: (query: Parameters<typeof listApps>[1]) => listApps(deps.registry, query),
    findApp: (idOrName: string) => deps.registry.findApp(idOrName),
    exportApps: (format: ExportFormat) => exportApps(deps.registry, format),
    verifyAudit: () => verifyAudit(deps.registry),
  };
}

/** The wired use cases. */
export type Core = ReturnType<typeof createCore>;
