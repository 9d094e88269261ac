import type { AppRecord } from '../../domain/app-record';
import { isAppError } from '../../domain/errors';
import { undeclaredComponents } from '../../domain/library-match';
import type { Manifest } from '../../domain/manifest';
import { materialChanges } from '../../domain/material-change';
import type { Sbom } from '../../domain/sbom';
import { parseSbom } from '../../domain/sbom';
import { assess } from '../../policy/assess';
import { systemName, withCatalogIds } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { checkManifest } from '../registration/check-manifest';

/** Why a build may not ship. */
export const GATE_CODES = [
  'not_registered',
  'pending_review',
  'denied',
  'prohibited',
  'expired',
  'decommissioned',
  'drift',
  'undeclared_library',
  'sbom_required',
  'invalid',
] as const;
export type GateCode = (typeof GATE_CODES)[number];

/** One reason the gate fails, in plain words, with what to do. */
export interface GateFinding {
  code: GateCode;
  message: string;
  fix: string;
}

/** The gate's answer: pass or fail, the app it is about, why, and a non-material change that can be recorded. */
export interface GateResult {
  result: 'pass' | 'fail';
  app: { id: string; name: string; status: AppRecord['status']; tier: number; expiresAt: string | null } | null;
  findings: GateFinding[];
  /** Differences from the approved revision that need no review, and the command that records them. */
  unrecorded?: { differences: string[]; record: string };
}

/** The most undeclared libraries named one by one; the rest are counted in one more finding. */
const LISTED_LIBRARIES = 50;

/**
 * "May this build ship?": the manifest in the repository against the registry. It fails when the
 * app is not registered, not approved (waiting, denied, expired, retired), prohibited by today's
 * policy, materially different from the approved revision, using libraries its SBOM shows but it
 * does not declare, or of a tier that needs an SBOM when none is given. A non-material difference
 * passes, with the command that records it.
 */
export function createCheckGate(deps: {
  registry: RegistryWith<'apps' | 'revisions'>;
  policy: () => Policy;
  scanner: SecretScanner;
  clock: Clock;
}) {
  return async (input: { manifest: unknown; sbom?: string; file?: string }): Promise<GateResult> => {
    const policy = deps.policy();
    const file = input.file ?? 'microapp.yaml';
    let manifest: Manifest;
    try {
      manifest = withCatalogIds(policy, await checkManifest(input.manifest, deps.scanner));
    } catch (error) {
      if (!isAppError(error, 'input.invalid')) throw error;
      const findings = (error.details.fieldErrors ?? []).map((e) => ({
        code: 'invalid' as const,
        message: `${e.path}: ${e.message}`,
        fix: `Correct ${e.path} in ${file}.`,
      }));
      return { result: 'fail', app: null, findings };
    }
    let sbom: Sbom | undefined;
    const findings: GateFinding[] = [];
    if (input.sbom !== undefined) {
      try {
        sbom = parseSbom(input.sbom);
      } catch (error) {
        if (!isAppError(error, 'sbom.invalid')) throw error;
        findings.push({
          code: 'invalid',
          message: error.message,
          fix: 'Give a CycloneDX 1.4–1.6 or SPDX 2.x JSON SBOM.',
        });
      }
    }
    const now = assess(policy, manifest);
    const found = await deps.registry.read(async (tx) => {
      const app = await tx.apps.findByName(manifest.name);
      const approved = app?.approvedRevisionId ? await tx.revisions.find(app.approvedRevisionId) : undefined;
      return app && { app, approved };
    });
    if (now.decision === 'prohibited' && found?.app.status !== 'prohibited')
      findings.push({
        code: 'prohibited',
        message: `Today's policy does not allow what "${manifest.name}" declares.`,
        fix: `Remove what is prohibited (microapp policy eval ${file} shows it), or talk to ${policy.prohibited.contact}.`,
      });
    if (!found) {
      findings.push({
        code: 'not_registered',
        message: `No app named "${manifest.name}" is registered.`,
        fix: `Register it: microapp register --file ${file} (or /microapp register in Slack, "register" in Teams).`,
      });
      return finish(findings, undefined);
    }
    const { app, approved } = found;
    findings.push(...statusFindings(app, deps.clock.now().toISOString(), file));
    let unrecorded: GateResult['unrecorded'];
    if (approved) {
      const drift = materialChanges(approved.manifest, manifest, approved.assessment, now, (id) =>
        systemName(policy, id),
      );
      if (drift.length)
        findings.push({
          code: 'drift',
          message: `${file} differs from the approved revision ${approved.number} in what needs a review: ${drift.join('; ')}.`,
          fix: `Register the change for review: microapp register --file ${file}. Until it is approved, ship the approved version.`,
        });
      else {
        const differences = changedFields(approved.manifest, manifest);
        if (differences.length) unrecorded = { differences, record: `microapp register --file ${shellWord(file)}` };
      }
    }
    const tier = Math.max(now.tier, app.tier);
    if (!sbom && input.sbom === undefined && policy.tiers[tier - 1]?.sbomRequired)
      findings.push({
        code: 'sbom_required',
        message: `"${app.name}" is tier ${tier}, and the policy asks for an SBOM at that tier.`,
        fix: 'Generate one (e.g. npx @cyclonedx/cyclonedx-npm --output-file bom.json, or syft . -o cyclonedx-json) and pass it with --sbom bom.json.',
      });
    if (sbom) findings.push(...libraryFindings(sbom, manifest, file));
    return finish(findings, app, unrecorded);
  };
}

function finish(
  findings: GateFinding[],
  app: AppRecord | undefined,
  unrecorded?: GateResult['unrecorded'],
): GateResult {
  return {
    result: findings.length ? 'fail' : 'pass',
    app: app
      ? { id: app.id, name: app.name, status: app.status, tier: app.tier, expiresAt: app.expiresAt ?? null }
      : null,
    findings,
    ...(unrecorded && !findings.length && { unrecorded }),
  };
}

function statusFindings(app: AppRecord, now: string, file: string): GateFinding[] {
  switch (app.status) {
    case 'approved':
      if (app.expiresAt && app.expiresAt <= now) return [expired(app)];
      return [];
    case 'expired':
      return [expired(app)];
    case 'pending_review':
      return [
        {
          code: 'pending_review',
          message: `"${app.name}" is waiting for review.`,
          fix: 'Wait for the reviewers to approve it (microapp show shows who it waits for), then run the gate again.',
        },
      ];
    case 'rejected':
      return [
        {
          code: 'denied',
          message: `"${app.name}" was denied.`,
          fix: `Change what the reviewers asked for (microapp show "${app.name}" gives their reason) and register it again: microapp register --file ${file}.`,
        },
      ];
    case 'prohibited':
      return [
        {
          code: 'prohibited',
          message: `"${app.name}" was refused as prohibited when it was registered.`,
          fix: `Remove what is prohibited (microapp show "${app.name}" says what) and register it again: microapp register --file ${file}.`,
        },
      ];
    case 'decommissioned':
      return [
        {
          code: 'decommissioned',
          message: `"${app.name}" was decommissioned.`,
          fix: `Register it again if it is back in use: microapp register --file ${file}.`,
        },
      ];
    default:
      return [];
  }
}

function expired(app: AppRecord): GateFinding {
  return {
    code: 'expired',
    message: `The approval of "${app.name}" has run out: nobody re-certified it in time.`,
    fix: `Its owner re-certifies it: /microapp recertify ${app.name} in Slack, or "recertify ${app.name}" in Teams.`,
  };
}

function libraryFindings(sbom: Sbom, manifest: Manifest, file: string): GateFinding[] {
  const missing = undeclaredComponents(sbom.components, manifest.thirdPartyLibraries);
  const findings: GateFinding[] = missing.slice(0, LISTED_LIBRARIES).map((c) => ({
    code: 'undeclared_library',
    message: `The SBOM lists ${c.name}${c.version ? `@${c.version}` : ''}, which ${file} does not declare.`,
    fix: `Add "${c.name}${c.version ? `@${c.version}` : ''}" to thirdPartyLibraries in ${file} and register the change, or remove the library.`,
  }));
  if (missing.length > LISTED_LIBRARIES)
    findings.push({
      code: 'undeclared_library',
      message: `${missing.length - LISTED_LIBRARIES} more libraries in the SBOM are not declared.`,
      fix: `Declare every library the app ships in thirdPartyLibraries in ${file}.`,
    });
  return findings;
}

/** The manifest fields whose values differ, by name. */
function changedFields(before: Manifest, after: Manifest): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Manifest)[]);
  return [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
