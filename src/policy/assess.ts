import type { Assessment, Reason, RequiredApproval, Shortfall, Tier } from '../domain/assessment';
import { fieldSpec } from '../domain/manifest-fields';
import type { Manifest } from '../domain/manifest';
import type { Waiver } from '../domain/policy-exception';
import { celApp } from './cel-environment';
import { findSystem, suggestSystem, withCatalogIds } from './catalog-match';
import type { ListField } from './list-fields';
import type { CompiledRule, Policy, RuleContext } from './policy';
import type { Demands } from './policy-schema';
import { optionLabel } from '../domain/manifest-vocabulary';
import type { Control } from '../domain/manifest-vocabulary';

/** What an assessment leaves out: rules under an active exception for this app. */
export interface AssessOptions {
  waived?: readonly Waiver[];
}

/**
 * Scores a manifest against the policy. Pure: the same manifest, policy and options always give the
 * same result. Systems are recognised by catalog id, name or alias (`withCatalogIds`). A waived rule
 * adds no points, approvals, controls or prohibition; it is still listed, last, marked as excepted.
 */
export function assess(policy: Policy, given: Manifest, options: AssessOptions = {}): Assessment {
  const manifest = withCatalogIds(policy, given);
  const context = { app: celApp(manifest), catalog: policy.catalog };
  const probe = prober(context);
  const matched: CompiledRule[] = [];
  for (const rule of policy.rules) if (rule.matches(context)) matched.push(rule);
  const waiverOf = (rule: CompiledRule) => options.waived?.find((w) => w.rule === rule.id);
  const fired = matched.filter((r) => !waiverOf(r));
  const excepted = matched
    .filter((r) => waiverOf(r))
    .map((rule): Reason => {
      const { until, controls } = waiverOf(rule)!;
      return { ...reason(rule), excepted: { until, controls } };
    });
  function reason(rule: CompiledRule): Reason {
    const about = culprits(policy, rule, manifest, probe);
    return {
      rule: rule.id,
      points: rule.points,
      message: rule.message,
      fix: rule.fix,
      ...(about.length > 0 && { about }),
    };
  }

  const prohibitions = fired.filter((r) => r.prohibit);
  if (prohibitions.length > 0) {
    return {
      tier: 4,
      score: 10,
      decision: 'prohibited',
      requiredApprovals: [],
      requiredControls: [],
      reasons: [...[...prohibitions, ...fired.filter((r) => !r.prohibit)].map(reason), ...excepted],
      policyVersion: policy.version,
      destinations: [],
      shortfalls: [],
      contact: policy.prohibited.contact,
    };
  }

  const score = Math.min(
    10,
    fired.reduce((sum, r) => sum + r.points, 0),
  );
  const scored = policy.tiers.find((t) => score <= t.maxScore) ?? policy.tiers[2]!;
  const tier = Math.max(scored.tier, ...fired.map((r) => r.minTier)) as Exclude<Tier, 4>;
  const tierSpec = policy.tiers[tier - 1]!;
  const route = tierSpec.decision === 'review' ? policy.routing[String(tier) as '2' | '3'] : undefined;

  const demands: Demands[] = [tierSpec.demands, policy.classifications[manifest.dataClassification]].filter(
    (d): d is Demands => d !== undefined,
  );
  for (const rule of fired.filter((r) => r.controls.length > 0)) {
    demands.push({ because: rule.message.replace(/\.$/, ''), controls: rule.controls, fields: [] });
  }

  return {
    tier,
    score,
    decision: tierSpec.decision,
    requiredApprovals: route ? mergeApprovals([...route.approvals, ...fired.flatMap((r) => r.approvals)]) : [],
    requiredControls: unique(demands.flatMap((d) => d.controls)),
    reasons: [...fired.map(reason), ...excepted],
    policyVersion: policy.version,
    destinations: route?.destinations.map((d) => ({ ...d })) ?? [],
    shortfalls: shortfalls(manifest, demands),
  };
}

/** Whether a rule fires when one manifest list is replaced by `list`, the rest of the context unchanged. */
type Probe = (rule: CompiledRule, field: ListField, list: unknown[]) => boolean;

/** One copy of the app, made on the first probe and shared by all: each probe sets one list and puts it back. */
function prober(context: RuleContext): Probe {
  let probed: RuleContext | undefined;
  return (rule, field, list) => {
    probed ??= { ...context, app: { ...context.app } };
    probed.app[field] = list;
    try {
      return rule.matches(probed);
    } finally {
      probed.app[field] = context.app[field];
    }
  };
}

/** The items that alone make the rule fire, in the lists its condition reads; a list it does not read cannot matter. */
function culprits(policy: Policy, rule: CompiledRule, manifest: Manifest, probe: Probe): string[] {
  const found: string[] = [];
  for (const field of rule.lists) {
    const items = manifest[field] as unknown[];
    if (items.length === 0) continue;
    if (probe(rule, field, [])) continue;
    for (const item of items) if (probe(rule, field, [item])) found.push(itemLabel(policy, field, item));
  }
  return found;
}

function itemLabel(policy: Policy, field: ListField, item: unknown): string {
  if (field === 'dataTypes') return optionLabel(String(item));
  if (field !== 'integrations') return String(item);
  const system = (item as Manifest['integrations'][number]).system;
  const known = findSystem(policy, system);
  if (known) return known.name;
  const guess = suggestSystem(policy, system);
  return guess ? `${system} (not in the catalog; did you mean ${guess.name}?)` : `${system} (not in the catalog)`;
}

function mergeApprovals(approvals: RequiredApproval[]): RequiredApproval[] {
  const byRole = new Map<string, number>();
  for (const a of approvals) byRole.set(a.role, Math.max(byRole.get(a.role) ?? 0, a.count));
  return [...byRole].map(([role, count]) => ({ role, count }));
}

/** What the demands ask for and the manifest lacks, each said once, with what to do and why. */
function shortfalls(manifest: Manifest, demands: Demands[]): Shortfall[] {
  const result: Shortfall[] = [];
  const seenFields = new Set<string>();
  const seenControls = new Set<Control>();
  for (const d of demands) {
    const because = d.because.replace(/\.$/, '');
    for (const field of d.fields) {
      const value = (manifest as unknown as Record<string, unknown>)[field];
      const empty = value === undefined || (Array.isArray(value) && value.length === 0);
      if (!empty || seenFields.has(field)) continue;
      seenFields.add(field);
      const spec = fieldSpec(field);
      result.push({ field, because, message: `${spec?.need ?? `Fill in ${spec?.label ?? field}`}. ${because}.` });
    }
    const missing = d.controls.filter((c) => !manifest.controls.includes(c) && !seenControls.has(c));
    missing.forEach((c) => void seenControls.add(c));
    if (missing.length > 0) {
      result.push({
        field: 'controls',
        because,
        message: `Confirm ${listing(missing.map(optionLabel))} ${missing.length === 1 ? 'is' : 'are'} in place. ${because}.`,
      });
    }
  }
  return result;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Joins words as "a, b and c". */
function listing(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
