import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../domain/errors';
import { inputShapeError } from '../domain/input-shape';
import type { Manifest } from '../domain/manifest';
import { CatalogSystem, celApp, createCelEnvironment } from './cel-environment';
import type { CompiledRule, Policy } from './policy';
import type { ListField } from './list-fields';
import { listsRead } from './list-fields';
import { systemKeys } from './catalog-match';
import type { CatalogFile } from './policy-schema';
import { catalogFileSchema, policyFileSchema, rolesFileSchema, ruleSchema, rulesFileSchema } from './policy-schema';

type Problems = string[];

/** Policy files are hand-written: far smaller than this. */
const MAX_FILE_BYTES = 512_000;
/** More rules than anyone reviews; a policy past it is generated or broken, and would slow every assessment and start-up. */
export const MAX_RULES = 1_000;
const MAX_RULE_FILES = 200;

/**
 * Loads and validates every policy file under `dir`, compiling each rule condition once.
 * Any problem stops the load: the thrown `policy.invalid` error lists them all, each naming its file,
 * rule id and what is wrong.
 */
export async function loadPolicy(dir: string): Promise<Policy> {
  const problems: Problems = [];
  const hash = createHash('sha256');
  const read = async (file: string) => {
    const path = join(dir, file);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) {
      problems.push(`${path}: file is missing or unreadable.`);
      return undefined;
    }
    if (text.length > MAX_FILE_BYTES) {
      problems.push(
        `${path}: the file is larger than ${MAX_FILE_BYTES / 1000} KB; split the rules into fewer, broader ones (a policy file is a few KB).`,
      );
      return undefined;
    }
    hash.update(file).update('\0').update(text).update('\0');
    return parseYamlFile(path, text, problems);
  };

  const policyFile = validate(join(dir, 'policy.yaml'), await read('policy.yaml'), policyFileSchema, problems);
  const rolesFile = validate(join(dir, 'roles.yaml'), await read('roles.yaml'), rolesFileSchema, problems);
  const catalogFile = validate(join(dir, 'catalog.yaml'), await read('catalog.yaml'), catalogFileSchema, problems);

  const ruleFiles = (await readdir(join(dir, 'rules')).catch(() => [] as string[])).filter(isYaml).sort();
  if (ruleFiles.length === 0) problems.push(`${join(dir, 'rules')}: no rule files (*.yaml) found.`);
  if (ruleFiles.length > MAX_RULE_FILES) {
    problems.push(
      `${join(dir, 'rules')}: ${ruleFiles.length} rule files; at most ${MAX_RULE_FILES} are read. Merge them.`,
    );
    ruleFiles.length = MAX_RULE_FILES;
  }
  const env = createCelEnvironment();
  const rules: CompiledRule[] = [];
  for (const file of ruleFiles) {
    const path = join(dir, 'rules', file);
    const parsed = validate(path, await read(join('rules', file)), rulesFileSchema, problems);
    if (parsed && rules.length + parsed.rules.length > MAX_RULES) {
      problems.push(
        `${path}: the policy would have more than ${MAX_RULES} rules (${rules.length + parsed.rules.length} so far); merge similar rules, since every rule runs on every assessment.`,
      );
      break;
    }
    parsed?.rules.forEach((raw, index) => {
      const rule = compileRule(env, path, raw, index, problems);
      if (!rule) return;
      const twin = rules.find((r) => r.id === rule.id);
      if (twin)
        problems.push(`${path}: rule "${rule.id}": id is already used in ${twin.file}; rule ids must be unique.`);
      rules.push(rule);
    });
  }

  if (policyFile && rolesFile) checkReferences(dir, policyFile, rolesFile.roles, rules, problems);
  const catalog = Object.fromEntries(
    (catalogFile?.systems ?? []).map((s) => [s.id, new CatalogSystem(s.id, s.name, s.category, s.sensitive)]),
  );
  const systemIndex = indexSystems(join(dir, 'catalog.yaml'), catalogFile?.systems ?? [], problems);
  probeRules(rules, catalog, problems);

  if (problems.length > 0 || !policyFile || !rolesFile) {
    throw new AppError(
      'policy.invalid',
      `The policy in ${dir} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
      { problems },
    );
  }
  return {
    version: `${policyFile.version}+${hash.digest('hex').slice(0, 8)}`,
    dir,
    rules,
    tiers: policyFile.tiers,
    routing: policyFile.routing,
    classifications: policyFile.classifications,
    prohibited: policyFile.prohibited,
    separationOfDuties: policyFile.separationOfDuties,
    timings: policyFile.timings,
    discovery: policyFile.discovery,
    audit: policyFile.audit,
    healthChecks: policyFile.healthChecks,
    roles: rolesFile.roles,
    catalog,
    systemIndex,
  };
}

/** Every way a catalog system may be named, checked so that one name never means two systems. */
function indexSystems(path: string, systems: CatalogFile['systems'], problems: Problems): Map<string, string> {
  const index = new Map<string, string>();
  for (const system of systems) {
    for (const key of systemKeys(system)) {
      const other = index.get(key);
      if (other && other !== system.id)
        problems.push(
          `${path}: "${system.id}" and "${other}" can both be called "${key}"; give each a name or alias of its own.`,
        );
      else index.set(key, system.id);
    }
  }
  return index;
}

/** True for `.yaml` and `.yml` file names. */
export const isYaml = (file: string) => /\.ya?ml$/.test(file);

/** Parses YAML text, recording a problem with the line number when it is malformed. */
export function parseYamlFile(path: string, text: string, problems: Problems): unknown {
  try {
    const value: unknown = parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
    const shape = inputShapeError(value, { maxDepth: 12, maxValues: 100_000 });
    if (shape) problems.push(`${path}: ${shape.message}`);
    return shape ? undefined : value;
  } catch (error) {
    if (error instanceof RangeError) {
      problems.push(`${path}: nests lists or objects too deeply to read.`);
      return undefined;
    }
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    problems.push(`${path}${line ? `:${line}` : ''}: not valid YAML (${firstLine(error)}).`);
    return undefined;
  }
}

function validate<T extends z.ZodType>(
  path: string,
  value: unknown,
  schema: T,
  problems: Problems,
): z.output<T> | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${path}: ${where(issue.path)}${issue.message}.`);
  return undefined;
}

function compileRule(
  env: ReturnType<typeof createCelEnvironment>,
  path: string,
  raw: unknown,
  index: number,
  problems: Problems,
): CompiledRule | undefined {
  const rawId = (raw as { id?: unknown } | null)?.id;
  const label = `rule ${typeof rawId === 'string' ? `"${rawId}"` : `#${index + 1}`}`;
  const result = ruleSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${path}: ${label}: ${where(issue.path)}${issue.message}.`);
    return undefined;
  }
  const r = result.data;
  let evaluate: (context: object) => unknown;
  let lists: ListField[];
  try {
    const parsed = env.parse(r.when);
    const check = parsed.check();
    if (!check.valid) throw check.error;
    if (check.type !== 'bool') throw new Error(`the condition gives ${check.type}, not true or false`);
    evaluate = parsed;
    lists = listsRead(parsed.ast);
  } catch (error) {
    problems.push(`${path}: rule "${r.id}": when: ${firstLine(error)}.`);
    return undefined;
  }
  const approvals = r.require?.approvals ?? [];
  return {
    id: r.id,
    file: path,
    points: r.points ?? 0,
    prohibit: r.prohibit === true,
    approvals,
    controls: r.require?.controls ?? [],
    minTier: r.require?.minTier ?? (approvals.length > 0 ? 2 : 1),
    message: r.message,
    fix: r.fix,
    lists,
    matches: (context) => evaluate(context) === true,
  };
}

function checkReferences(
  dir: string,
  policy: z.output<typeof policyFileSchema>,
  roles: Record<string, unknown>,
  rules: CompiledRule[],
  problems: Problems,
): void {
  const path = join(dir, 'policy.yaml');
  const known = (role: string) => Object.hasOwn(roles, role);
  for (const tier of policy.tiers.filter((t) => t.decision === 'review')) {
    const route = policy.routing[String(tier.tier) as '2' | '3'];
    if (!route) problems.push(`${path}: routing: tier ${tier.tier} needs review but has no routing entry.`);
    for (const a of route?.approvals ?? []) {
      if (!known(a.role))
        problems.push(`${path}: routing.${tier.tier}: role "${a.role}" is not defined in roles.yaml.`);
    }
  }
  if (!known(policy.timings.reviewSla.escalateToRole)) {
    problems.push(
      `${path}: timings.reviewSla.escalateToRole: role "${policy.timings.reviewSla.escalateToRole}" is not defined in roles.yaml.`,
    );
  }
  for (const rule of rules) {
    for (const a of rule.approvals) {
      if (!known(a.role))
        problems.push(
          `${rule.file}: rule "${rule.id}": require.approvals: role "${a.role}" is not defined in roles.yaml.`,
        );
    }
  }
}

/** Runs every rule on a sparse and a full manifest, so a condition that fails at run time (say, reading an absent optional field) is caught at load. */
function probeRules(rules: CompiledRule[], catalog: Policy['catalog'], problems: Problems): void {
  const sparse: Manifest = {
    name: 'Probe',
    purpose: 'Checks rule conditions at load.',
    owner: 'probe@example.com',
    businessUnit: 'Probe',
    audience: 'personal',
    expectedUsers: 1,
    dataClassification: 'public',
    dataTypes: [],
    integrations: [],
    thirdPartyLibraries: [],
    productionEndpoints: [],
    requestedScopes: [],
    usesAI: false,
    aiOutputsExternal: false,
    humanReviewOfOutputs: false,
    automatedDecisionsAboutPeople: false,
    directProductionDbAccess: false,
    impersonatesEmployees: false,
    financialTransactions: false,
    controls: [],
  };
  const full: Manifest = {
    ...sparse,
    backupOwner: 'backup@example.com',
    retentionDays: 30,
    decommissionPlan: 'Delete all data.',
    healthEndpoint: 'https://probe.example.com/health',
    builtWith: 'Probe',
    dataTypes: ['pii'],
    integrations: [
      { system: Object.keys(catalog)[0] ?? 'probe', access: 'write', requiresSecret: true },
      { system: 'not-in-catalog', access: 'read', requiresSecret: false },
    ],
    thirdPartyLibraries: ['probe@1.0.0'],
    productionEndpoints: ['https://probe.example.com'],
    requestedScopes: ['probe:read'],
  };
  const failed = new Set<string>();
  for (const manifest of [sparse, full]) {
    const context = { app: celApp(manifest), catalog };
    for (const rule of rules.filter((r) => !failed.has(r.id))) {
      try {
        rule.matches(context);
      } catch (error) {
        failed.add(rule.id);
        problems.push(
          `${rule.file}: rule "${rule.id}": when: fails at run time (${firstLine(error)}); guard optional fields with has(app.field).`,
        );
      }
    }
  }
}

function where(path: PropertyKey[]): string {
  return path.length ? `${path.map(String).join('.')}: ` : '';
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .trim();
}
