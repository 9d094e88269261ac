import type { AppRecord, ReviewRecord } from '../src/domain/app-record';
import { parseManifest } from '../src/domain/manifest';
import type { Manifest } from '../src/domain/manifest';
import { assess } from '../src/policy/assess';
import type { Policy } from '../src/policy/policy';
import type { View } from '../src/ports/view-model';
import { approvalCard } from '../src/views/approval-card';
import { EACH_READERS_ZONE } from '../src/views/reader-dates';

/**
 * A typical tier-3 registration as a reviewer first sees it: an organisation-wide app on
 * confidential customer data from the CRM, with a secret-bearing write to a spreadsheet, a backup
 * owner and the controls its tier asks for. The review is open and nobody has approved yet; the card
 * is the one posted to a channel, its dates shown in each reader's own zone.
 */
export function approvalCardSample(policy: Policy): { view: View; manifest: Manifest } {
  const parsed = parseManifest({
    name: 'Renewal nudger',
    purpose: 'Reminds account managers about renewals from CRM data.',
    owner: 'slack:UOWNER',
    backupOwner: 'slack:UBACKUP',
    businessUnit: 'Sales operations',
    audience: 'organization',
    expectedUsers: 300,
    dataClassification: 'confidential',
    dataTypes: ['customer'],
    retentionDays: 90,
    builtWith: 'Power Automate',
    decommissionPlan: 'Turn the flow off and delete the sheet.',
    healthEndpoint: 'https://renewals.example.com/health',
    integrations: [
      { system: 'salesforce', access: 'read', requiresSecret: false },
      { system: 'google-sheets', access: 'write', requiresSecret: true },
    ],
    controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback', 'vaultSecrets'],
  });
  if (!parsed.ok) throw new Error(`the sample manifest is invalid: ${JSON.stringify(parsed.errors)}`);
  const manifest = parsed.manifest;
  const assessment = assess(policy, manifest);
  const app: AppRecord = {
    id: 'app-1',
    name: manifest.name,
    status: 'pending_review',
    owner: manifest.owner,
    tier: assessment.tier,
    score: assessment.score,
    currentRevisionId: 'rev-1',
    createdAt: '2026-11-21T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
  };
  const review: ReviewRecord = {
    id: 'review-1',
    appId: app.id,
    revisionId: 'rev-1',
    status: 'open',
    requiredApprovals: assessment.requiredApprovals,
    version: 1,
    createdAt: '2026-11-21T10:00:00Z',
    approvals: [],
  };
  const names = { 'slack:UOWNER': 'Olga Owner', 'slack:UBACKUP': 'Ben Backup' };
  const catalog: Record<string, string> = { salesforce: 'Salesforce', 'google-sheets': 'Google Sheets' };
  const view = approvalCard({
    app,
    manifest,
    assessment,
    review,
    names,
    timeZone: EACH_READERS_ZONE,
    systemName: (id) => catalog[id] ?? id,
  });
  return { view, manifest };
}
