import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { SecretScanner } from '../secrets/scan-secrets';
import { createDecideReview } from './decide-review';
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
}

/** The use cases, wired to their dependencies; adapters and the CLI call only these. */
export function createCore(deps: CoreDeps) {
  return {
    submitRegistration: createSubmitRegistration(deps),
    decideReview: createDecideReview(deps),
    listApps: (query: Parameters<typeof listApps>[1]) => listApps(deps.registry, query),
    findApp: (idOrName: string) => deps.registry.findApp(idOrName),
    exportApps: (format: ExportFormat) => exportApps(deps.registry, format),
    verifyAudit: () => verifyAudit(deps.registry),
  };
}

/** The wired use cases. */
export type Core = ReturnType<typeof createCore>;
