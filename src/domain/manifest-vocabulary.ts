/** Who uses an app. */
export const AUDIENCES = ['personal', 'team', 'organization', 'external'] as const;
/** How sensitive the data an app handles is (seed 003, policy 2). */
export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'regulated'] as const;
/** Kinds of data an app processes. */
export const DATA_TYPES = ['pii', 'financial', 'health', 'customer', 'employee', 'credentials'] as const;
/** Controls an owner can attest to. */
export const CONTROLS = [
  'encryption',
  'dlp',
  'logging',
  'retries',
  'rollback',
  'incidentContact',
  'privacyImpactAssessment',
  'vaultSecrets',
] as const;
/** Access an integration needs. */
export const ACCESS_LEVELS = ['read', 'write'] as const;

export type Audience = (typeof AUDIENCES)[number];
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];
export type DataType = (typeof DATA_TYPES)[number];
export type Control = (typeof CONTROLS)[number];

/** Plain-language names for enumeration values, shared by forms, cards and messages. */
export const OPTION_LABELS: Record<string, string> = {
  personal: 'Just me',
  team: 'My team',
  organization: 'The whole organisation',
  external: 'People outside the organisation',
  public: 'Public',
  internal: 'Internal',
  confidential: 'Confidential',
  regulated: 'Regulated',
  pii: 'Personal data (PII)',
  financial: 'Financial records',
  health: 'Health data',
  customer: 'Customer data',
  employee: 'Employee data',
  credentials: 'Credentials',
  encryption: 'Encryption at rest and in transit',
  dlp: 'DLP scanning',
  logging: 'Logging',
  retries: 'Retries and error routes',
  rollback: 'Rollback plan',
  incidentContact: 'Incident contact',
  privacyImpactAssessment: 'Privacy impact assessment',
  vaultSecrets: 'Secrets kept in the vault',
  read: 'Read',
  write: 'Write',
};

/** What a catalog category means to someone filling in the form; categories not listed get no description. */
const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  ai: 'AI service',
  analytics: 'Analytics and reporting',
  crm: 'Customer records (CRM)',
  email: 'Email',
  erp: 'Finance and operations (ERP)',
  hr: 'People and HR records',
  identity: 'Sign-in and accounts',
  messaging: 'Chat and messages',
  payment: 'Payments',
  productivity: 'Documents and spreadsheets',
  ticketing: 'Tickets and requests',
};

/** Plain words for a catalog category (`crm` → "Customer records (CRM)"), or undefined for one without. */
export function categoryLabel(category: string): string | undefined {
  return Object.hasOwn(CATEGORY_LABELS, category) ? CATEGORY_LABELS[category] : undefined;
}

/** Plain-language name of an enumeration value. */
export function optionLabel(value: string): string {
  return OPTION_LABELS[value] ?? value;
}
