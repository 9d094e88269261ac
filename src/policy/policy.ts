import type { RequiredApproval } from '../domain/assessment';
import type { CatalogSystem } from './cel-environment';
import type { Demands, PolicyFile, RolesFile } from './policy-schema';
import type { Control } from '../domain/manifest-vocabulary';
import type { ListField } from './list-fields';

/** What CEL conditions are evaluated against. */
export interface RuleContext {
  app: Record<string, unknown>;
  catalog: Record<string, CatalogSystem>;
}

/** A rule whose condition has been parsed and type-checked once, at load. */
export interface CompiledRule {
  id: string;
  file: string;
  points: number;
  prohibit: boolean;
  approvals: RequiredApproval[];
  controls: Control[];
  minTier: 1 | 2 | 3;
  message: string;
  fix: string;
  /** The manifest lists the condition can read (`listsRead`): only these are probed for what a reason is about. */
  lists: readonly ListField[];
  matches(context: RuleContext): boolean;
}

/** A loaded, validated policy: rules, tiers, routing, roles, catalog and timings. */
export interface Policy {
  /** The file's `version` plus a content hash, so any edit changes it. */
  version: string;
  dir: string;
  rules: CompiledRule[];
  tiers: PolicyFile['tiers'];
  routing: PolicyFile['routing'];
  classifications: Partial<Record<string, Demands>>;
  prohibited: PolicyFile['prohibited'];
  separationOfDuties: PolicyFile['separationOfDuties'];
  timings: PolicyFile['timings'];
  /** How often discovery sources are scanned and when a missing item is gone. */
  discovery: PolicyFile['discovery'];
  /** When the audit log's checkpoints are signed. */
  audit: PolicyFile['audit'];
  /** How often approved apps' health endpoints are checked and when failing is told. */
  healthChecks: PolicyFile['healthChecks'];
  roles: RolesFile['roles'];
  catalog: Record<string, CatalogSystem>;
  /** Normalised catalog id, name or alias → catalog id (see `catalog-match.ts`). */
  systemIndex: ReadonlyMap<string, string>;
}
