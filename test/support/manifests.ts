import { PEOPLE } from './test-policy';

/** A valid personal, internal-data manifest (tier 1); `over` replaces fields. */
export function tier1(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Notes tidier',
    purpose: 'Tidies my meeting notes into a weekly summary.',
    owner: PEOPLE.owner,
    businessUnit: 'Operations',
    audience: 'personal',
    expectedUsers: 1,
    dataClassification: 'internal',
    ...over,
  };
}

/** A valid team app needing one reviewer (tier 2). */
export function tier2(over: Record<string, unknown> = {}): Record<string, unknown> {
  return tier1({
    name: 'Inbox router',
    purpose: 'Routes the support inbox to the right person.',
    audience: 'team',
    expectedUsers: 12,
    backupOwner: PEOPLE.backup,
    decommissionPlan: 'Turn the rule off and delete the sheet.',
    controls: ['logging', 'rollback'],
    ...over,
  });
}

/** A valid organisation-wide app on confidential CRM data needing security and platform (tier 3). */
export function tier3(over: Record<string, unknown> = {}): Record<string, unknown> {
  return tier2({
    name: 'Renewal nudger',
    purpose: 'Reminds account managers about renewals from CRM data.',
    audience: 'organization',
    expectedUsers: 300,
    dataClassification: 'confidential',
    dataTypes: ['customer'],
    retentionDays: 90,
    healthEndpoint: 'https://renewals.example.com/health',
    integrations: [{ system: 'salesforce', access: 'read', requiresSecret: false }],
    controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback'],
    ...over,
  });
}
