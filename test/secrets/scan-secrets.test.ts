import { checkManifest } from '../../src/app/registration/check-manifest';
import { AppError } from '../../src/domain/errors';
import { createSecretScanner } from '../../src/secrets/scan-secrets';

/*
 * Every secret below is FAKE and is assembled at runtime from a split prefix and a body drawn from a
 * seeded generator, so this file holds no literal credential for scanners to flag. Each generated
 * value keeps the provider's real shape: prefix, length and alphabet.
 *
 * The rule the corpus encodes:
 *  - a string in a provider's token format is a secret (however it is introduced);
 *  - the password part of a URL or connection string is a secret, unless it is a template (${X}, <x>);
 *  - after a credential word (password, pwd, pass, secret, token, api key, access key, AccountKey...)
 *    and `:` or `=`, a value is a secret when it has at least 6 characters, at least two character
 *    classes, one of them a digit or a symbol other than - _ . (so names like crm-pass stay
 *    ordinary text), and is not a placeholder (<...>, ${...}, {{...}}, %...%, ***) nor a reference
 *    (vault:..., env:..., a URL). So a password of "hunter" plus "2!" is a secret; "password: see
 *    vault entry crm-pass", "secret: required" and "password: vault:crm-pass" are not.
 */

// ---------------------------------------------------------------------------------------------
// Deterministic fake-value generator
// ---------------------------------------------------------------------------------------------

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const ALNUM = UPPER + LOWER + DIGITS;
const UPPER_ALNUM = UPPER + DIGITS;
const BASE32 = UPPER + '234567';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

let state = 0x5eed1234;
function fake(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += alphabet[(state >>> 8) % alphabet.length];
  }
  return out;
}

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A PEM block whose DER body starts with the given (real) magic bytes, in 64-character lines. */
function pem(label: string, magic: string, bodyLength: number): string {
  const body = magic + fake(B64, bodyLength - magic.length);
  const lines = body.match(/.{1,64}/g)!.join('\n');
  const marker = '-----';
  return `${marker}BEGIN ${label}${marker}\n${lines}\n${marker}END ${label}${marker}`;
}

/** A 1Password service-account token: ops_ + base64 of a JSON object (ending in "fQ"). */
function onePasswordToken(): string {
  const account = {
    signInAddress: 'acme.1password.com',
    email: fake(LOWER + DIGITS, 13) + '@1passwordserviceaccounts.com',
    secretKey: 'A3-' + [6, 6, 5, 5, 5, 5].map((n) => fake(UPPER_ALNUM, n)).join('-'),
    srpX: fake(HEX, 64),
    muk: { alg: 'A256GCM', k: fake(B64URL, 43), kty: 'oct' },
    pad: '',
  };
  // Pad until the encoded object ends in a lone "}" (base64 "fQ"), as real tokens do.
  while (Buffer.byteLength(JSON.stringify(account)) % 3 !== 1) account.pad += 'x';
  return 'op' + 's_' + b64url(account);
}

/** A JWT: base64url header and claims, 32-byte HMAC signature. */
function jwt(): string {
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const claims = b64url({ sub: 'svc-reports', iat: 1718000000, exp: 1718003600, scope: 'reports.read' });
  return `${header}.${claims}.${fake(B64URL, 43)}`;
}

/** A password with letters, a symbol and a digit; `symbols` defaults to ones that need no escaping in a URL. */
const pass = (n: number, symbols = '!*~') => fake(ALNUM, n - 2) + fake(symbols, 1) + fake(DIGITS, 1);
const PW = 'pass' + 'word';

// ---------------------------------------------------------------------------------------------
// Secrets: each must be reported exactly once, in the field it was put in
// ---------------------------------------------------------------------------------------------

const SECRETS: [string, string][] = [
  // AWS
  ['AWS secret access key (env style)', 'AWS_SECRET_' + 'ACCESS_KEY=' + fake(ALNUM + '/+', 40)],
  ['AWS secret access key (config style)', 'aws_secret_' + 'access_key = ' + fake(ALNUM + '/+', 40)],
  ['AWS access key id', 'AK' + 'IA' + fake(BASE32, 16)],
  ['AWS temporary access key id', 'AS' + 'IA' + fake(BASE32, 16)],
  // Source hosting and package registries
  ['GitHub classic PAT', 'gh' + 'p_' + fake(ALNUM, 36)],
  ['GitHub OAuth token', 'gh' + 'o_' + fake(ALNUM, 36)],
  ['GitHub app installation token', 'gh' + 's_' + fake(ALNUM, 36)],
  ['GitHub fine-grained PAT', 'github' + '_pat_' + fake(ALNUM, 22) + '_' + fake(ALNUM, 59)],
  ['GitLab PAT', 'gl' + 'pat-' + fake(ALNUM + '_-', 20)],
  ['npm access token', 'np' + 'm_' + fake(ALNUM, 36)],
  // Slack
  ['Slack bot token', 'xox' + 'b-' + fake(DIGITS, 13) + '-' + fake(DIGITS, 13) + '-' + fake(ALNUM, 24)],
  ['Slack user token', 'xox' + 'p-' + [13, 13, 13].map((n) => fake(DIGITS, n)).join('-') + '-' + fake(HEX, 32)],
  ['Slack app-level token', 'xa' + 'pp-1-A' + fake(UPPER_ALNUM, 10) + '-' + fake(DIGITS, 13) + '-' + fake(HEX, 64)],
  [
    'Slack incoming webhook',
    'https://hooks' +
      '.slack.com/services/T' +
      fake(UPPER_ALNUM, 8) +
      '/B' +
      fake(UPPER_ALNUM, 10) +
      '/' +
      fake(ALNUM, 24),
  ],
  // Payments and commerce
  ['Stripe live secret key', 'sk' + '_live_' + fake(ALNUM, 24)],
  ['Stripe test secret key (long form)', 'sk' + '_test_51' + fake(ALNUM, 97)],
  ['Stripe restricted key', 'rk' + '_live_' + fake(ALNUM, 24)],
  ['Stripe webhook signing secret', 'wh' + 'sec_' + fake(ALNUM, 32)],
  ['Shopify admin access token', 'shp' + 'at_' + fake(HEX, 32)],
  // Google
  ['Google API key', 'AI' + 'za' + 'Sy' + fake(ALNUM + '_-', 33)],
  [
    'GCP service-account JSON',
    JSON.stringify({
      type: 'service_account',
      project_id: 'acme-crm-prod',
      private_key_id: fake(HEX, 40),
      private_key: pem('PRIVATE' + ' KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 1624) + '\n',
      client_email: 'reports-bot@acme-crm-prod.iam.gserviceaccount.com',
    }),
  ],
  // Private keys
  ['RSA private key (PEM)', pem('RSA PRIVATE' + ' KEY', 'MIIEowIBAAKCAQEA', 1592)],
  ['EC P-256 private key (SEC1 PEM)', pem('EC PRIVATE' + ' KEY', 'MHcCAQEEI', 164)],
  ['Ed25519 private key (PKCS#8 PEM)', pem('PRIVATE' + ' KEY', 'MC4CAQAwBQYDK2VwBCIEI', 64)],
  [
    'OpenSSH private key',
    pem('OPENSSH PRIVATE' + ' KEY', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 400),
  ],
  ['private key pasted on one line', pem('RSA PRIVATE' + ' KEY', 'MIIEpAIBAAKCAQEA', 1592).replace(/\n/g, ' ')],
  // AI providers
  ['OpenAI project key', 'sk' + '-proj-' + fake(B64URL, 74) + 'T3Blbk' + 'FJ' + fake(B64URL, 74)],
  ['OpenAI legacy key', 'sk' + '-' + fake(ALNUM, 20) + 'T3Blbk' + 'FJ' + fake(ALNUM, 20)],
  ['Anthropic API key', 'sk' + '-ant-api03-' + fake(B64URL, 93) + 'AA'],
  ['Anthropic admin key', 'sk' + '-ant-admin01-' + fake(B64URL, 93) + 'AA'],
  ['Hugging Face token', 'h' + 'f_' + fake(UPPER + LOWER, 34)],
  // Other SaaS
  ['SendGrid API key', 'S' + 'G.' + fake(ALNUM, 10) + '-' + fake(ALNUM, 11) + '.' + fake(B64URL, 43)],
  ['Linear API key', 'lin' + '_api_' + fake(ALNUM, 40)],
  ['1Password service-account token', onePasswordToken()],
  ['Twilio API key SID', 'S' + 'K' + fake(HEX, 32)],
  ['Twilio auth token', 'twilio_auth_' + 'token=' + fake(HEX, 32)],
  ['Mailchimp API key', fake(HEX, 32) + '-' + 'us' + '21'],
  ['DigitalOcean personal access token', 'do' + 'p_v1_' + fake(HEX, 64)],
  ['Databricks token', 'da' + 'pi' + fake(HEX, 32)],
  ['HashiCorp Vault service token', 'hv' + 's.' + fake(ALNUM, 24)],
  ['HashiCorp Vault batch token', 'hv' + 'b.' + fake(ALNUM + '_-', 138)],
  ['Postman API key', 'PM' + 'AK-' + fake(HEX, 24) + '-' + fake(HEX, 34)],
  ['Telegram bot token', fake(DIGITS, 10) + ':' + 'AA' + fake(B64URL, 33)],
  ['JSON web token', jwt()],
  ['Bearer token in a header', 'Authorization: ' + 'Bearer ' + fake(ALNUM, 40)],
  // URLs with credentials and connection strings
  ['basic-auth URL', 'https://svc-reports:' + fake(ALNUM, 12) + '@reports.corp.example.com/export'],
  ['basic-auth URL, symbols in password', 'https://jdoe:' + pass(10) + '@intranet/api'],
  ['PostgreSQL URL', 'postgresql://crm_app:' + pass(16) + '@db.corp.example.com:5432/crm'],
  ['MySQL URL', 'my' + 'sql://reports:' + fake(ALNUM, 16) + '@10.20.30.40:3306/reports'],
  ['MongoDB URL', 'mongodb://' + 'svc:' + fake(ALNUM, 16) + '@mongo1.corp.example.com:27017/app'],
  ['MongoDB SRV URL', 'mongodb+srv://' + 'app:' + fake(ALNUM, 16) + '@cluster0.ab1cd.mongodb.net/crm?retryWrites=true'],
  ['Redis URL', 'redis://default:' + fake(ALNUM, 20) + '@cache.corp.example.com:6379/0'],
  ['Redis TLS URL, password only', 'rediss://:' + fake(ALNUM, 20) + '@cache.corp.example.com:6380'],
  ['AMQP URL', 'amqps://' + 'svc_queue:' + fake(ALNUM, 16) + '@rabbit.corp.example.com/prod'],
  [
    'SQL Server ADO connection string',
    'Server=tcp:crm.database.windows.net,1433;Initial Catalog=crm;User ID=svc_crm;' +
      PW +
      '=' +
      pass(14, '!#%&*+?@') +
      ';Encrypt=True;',
  ],
  [
    'Azure storage connection string',
    'DefaultEndpointsProtocol=https;AccountName=acmereports;Account' +
      'Key=' +
      fake(B64, 86) +
      '==;EndpointSuffix=core.windows.net',
  ],
  [
    'Azure Service Bus connection string',
    'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccess' + 'Key=' + fake(B64, 43) + '=',
  ],
  // Password-like assignments in prose
  ['password in prose, word and digit and symbol', PW + ': ' + 'hunter' + '2!'],
  ['db_pass assignment, mixed case and symbol', 'db_' + 'pass=' + 'S3cr' + '3t!x'],
  ['api_key assignment, hex value', 'api_' + 'key = ' + '9f8e7d6c' + '5b4a3210'],
  ['quoted JSON password', '"' + PW + '": "' + pass(10, '!#%&*+?@') + '"'],
  ['pwd= with symbols', 'pw' + 'd=' + 'Tr0ub4' + 'dor&3'],
  [
    'Azure AD client secret',
    'client ' + 'secret: ' + fake(ALNUM, 3) + fake(DIGITS, 1) + 'Q~' + fake(ALNUM + '_-.~', 34),
  ],
  ['password starting with $', PW + ': $' + 'ecret' + fake(DIGITS, 3)],
  ['URL password, percent-encoded', 'postgresql://crm_app:%40' + fake(ALNUM, 12) + '@db.corp.example.com/crm'],
  ['DB_PASSWORD env line', 'DB_' + PW.toUpperCase() + '=' + pass(12, '!#%&*+?@')],
];

// ---------------------------------------------------------------------------------------------
// Look-alikes: ordinary text that must not be flagged
// ---------------------------------------------------------------------------------------------

const NON_SECRETS: [string, string][] = [
  // Identifiers and digests
  ['UUID', '3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b'],
  ['upper-case UUID', 'C56A4180-65AA-42EC-A945-5FD21DEC0538'],
  ['git commit SHA', 'e83c5163316f89bfbde7d9ab23ca2e25604af290'],
  ['short git SHA', 'commit 9fceb02'],
  ['sha256 digest', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  [
    'container image digest',
    'ghcr.io/acme/report-bot@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
  ],
  ['MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['base64 of words', 'SGVsbG8gV29ybGQ='],
  ['longer base64 of words', 'VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw=='],
  ['JWT header alone', 'tokens use the header eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'],
  ['Google Sheets document id', '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms'],
  ['Salesforce record id', '0015g00000XyZ12AAB'],
  ['Slack channel id', 'C0123456789'],
  ['Slack user mention', '<@U02ABCDEF12>'],
  ['AWS IAM role ARN', 'arn:aws:iam::123456789012:role/ReportsReader'],
  ['AWS S3 ARN', 'arn:aws:s3:::acme-reports/2024/*'],
  ['Jira key', 'CRM-1234'],
  ['long number', '1234567890123456789'],
  ['IBAN-like, grouped', 'GB29 NWBK 6016 1331 9268 19'],
  ['IBAN-like, compact', 'DE89370400440532013000'],
  ['hex colour', 'brand colour #1a2b3c'],
  // URLs and addresses
  ['https URL with path and query', 'https://crm.example.com/reports/weekly?region=emea&sort=desc&page=2'],
  ['URL with port', 'https://intranet.corp.example.com:8443/app/login?next=/home'],
  ['URL with @ in the path', 'https://medium.com/@jane.doe/automating-weekly-reports-1a2b3c4d5e6f'],
  ['npm URL of a scoped package', 'https://www.npmjs.com/package/@slack/bolt'],
  ['ssh git URL', 'ssh://git@github.com/acme/reports.git'],
  ['scp-style git remote', 'git@github.com:acme/reports.git'],
  ['PostgreSQL URL without credentials', 'postgres://db.corp.example.com:5432/crm'],
  ['PostgreSQL URL with a templated password', 'postgres://app:${DB_PASSWORD}@db.corp.example.com:5432/crm'],
  ['URL with placeholder credentials', 'https://<user>:<password>@reports.corp.example.com'],
  ['health endpoint', 'https://reports.corp.example.com/healthz'],
  ['email address', 'jane.doe@example.com'],
  ['mailto link', 'mailto:it-help@corp.example.com'],
  ['IPv4 with port', '10.20.30.40:8080'],
  ['IPv6 address', '2001:db8::8a2e:370:7334'],
  // Libraries, scopes, versions
  ['library at version', 'lodash@4.17.21'],
  ['scoped library at version', '@slack/bolt@3.17.1'],
  ['Slack scope chat:write', 'chat:write'],
  ['Slack scope channels:history', 'channels:history'],
  ['Graph scope files.read', 'files.read'],
  ['Graph scope User.Read.All', 'User.Read.All'],
  ['Google scope URL', 'https://www.googleapis.com/auth/drive.readonly'],
  ['semantic version', '2.14.0-rc.1+build.5'],
  ['runtime version', 'node 20.19.0 on Ubuntu 22.04'],
  ['container image tag', 'ghcr.io/acme/report-bot:1.4.2'],
  // Numbers, dates, codes
  ['phone number (UK)', '+44 20 7946 0958'],
  ['phone number (US)', '+1 (555) 010-9999'],
  ['ISO date-time', '2024-03-15T09:30:00Z'],
  ['office hours', 'Mon-Fri 09:30-17:00'],
  ['cron expression', '0 9 * * 1-5'],
  ['cost centre', 'cost centre 4711-0042'],
  // Talk about credentials without a credential
  ['Secret: stored in the vault', 'Secret: stored in the vault'],
  ['token rotation sentence', 'token rotation is handled by IT'],
  ['password: see vault entry', PW + ': see vault entry crm-pass'],
  ['password: vault reference', PW + ': vault:crm-pass'],
  ['secret: required', 'secret: required'],
  ['api key: requested from IT', 'api key: requested from IT'],
  ['password policy sentence', 'The ' + PW + ' must be at least 12 characters and rotated every 90 days'],
  ['client secret sentence', 'the client secret is kept in Azure Key Vault'],
  ['token lifetime', 'token: 3600'],
  ['password reset link', 'Password reset link: https://id.corp.example.com/reset?user=jdoe'],
  ['token URL setting', 'token_url=https://login.microsoftonline.com/common/oauth2/v2.0/token'],
  ['secret expiry date', 'secret=2025-06-30'],
  ['access key field name only', 'access_key_id: see IT ticket'],
  ['api key: name of a vault entry', 'api_key: crm-api-key'],
  ['tokens start with a prefix', 'Slack tokens start with xoxb and GitHub ones with ghp_'],
  ['PEM placeholder', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
  [
    'public key block',
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' +
      'q'.repeat(40) +
      '==\n-----END PUBLIC KEY-----',
  ],
  // Placeholders
  ['angle-bracket placeholder', '<YOUR_TOKEN>'],
  ['env placeholder', '${API_KEY}'],
  ['xxxx-xxxx placeholder', 'xxxx-xxxx'],
  ['api_key=<YOUR_API_KEY>', 'api_key=<YOUR_API_KEY>'],
  ['password=${DB_PASSWORD}', PW + '=${DB_PASSWORD}'],
  ['token: {{ slack_token }}', 'token: {{ slack_token }}'],
  ['password: ********', PW + ': ********'],
  ['api key = xxxx-xxxx', 'api key = xxxx-xxxx'],
  ['token=%BOT_TOKEN%', 'token=%BOT_TOKEN%'],
  ['token={{slack_token}}', 'token={{slack_token}}'],
  ['api key = [redacted]', 'api key = [redacted]'],
  ['password: (hidden)', PW + ': (hidden)'],
  ['password=YOUR_PASSWORD_HERE', PW + '=YOUR_PASSWORD_HERE'],
];

// ---------------------------------------------------------------------------------------------

const scanner = createSecretScanner();

describe('secret scan', () => {
  test('the corpora are large enough', () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(45);
    expect(NON_SECRETS.length).toBeGreaterThanOrEqual(45);
    expect(new Set(SECRETS.map(([name]) => name)).size).toBe(SECRETS.length);
    expect(new Set(NON_SECRETS.map(([name]) => name)).size).toBe(NON_SECRETS.length);
  });

  test.each(SECRETS)('flags %s in purpose', async (_name, secret) => {
    const findings = await scanner.scan({ purpose: 'text before ' + secret + ' after' });
    expect(findings).toEqual([{ field: 'purpose', path: 'purpose', inName: false }]);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  test.each(SECRETS)('flags %s on its own', async (_name, secret) => {
    expect(await scanner.scan({ name: secret })).toEqual([{ field: 'name', path: 'name', inName: false }]);
  });

  test.each(NON_SECRETS)('does not flag %s', async (_name, text) => {
    expect(await scanner.scan({ purpose: 'text before ' + text + ' after' })).toEqual([]);
    expect(await scanner.scan({ purpose: text })).toEqual([]);
  });

  const sample = (caseName: string) => SECRETS.find(([n]) => n === caseName)![1];

  const PATH_CASES: [string, Record<string, unknown>][] = [
    ['integrations.0.system', { integrations: [{ system: sample('PostgreSQL URL'), access: 'read' }] }],
    [
      'integrations.1.system',
      { integrations: [{ system: 'salesforce' }, { system: 'crm via ' + sample('GitLab PAT') }] },
    ],
    ['productionEndpoints.1', { productionEndpoints: ['https://reports.corp.example.com', sample('basic-auth URL')] }],
    ['thirdPartyLibraries.2', { thirdPartyLibraries: ['lodash@4.17.21', 'zod@4.1.0', sample('npm access token')] }],
    ['requestedScopes.0', { requestedScopes: [sample('Slack bot token'), 'chat:write'] }],
    ['healthEndpoint', { healthEndpoint: sample('Slack incoming webhook') }],
    ['businessUnit', { businessUnit: 'Finance ' + sample('password in prose, word and digit and symbol') }],
    ['decommissionPlan', { decommissionPlan: 'revoke ' + sample('Telegram bot token') + ' then delete' }],
    ['builtWith', { builtWith: 'Power Automate, ' + sample('Azure storage connection string') }],
  ];
  test.each(PATH_CASES)('reports the path %s', async (path, manifest) => {
    const findings = await scanner.scan(manifest);
    expect(findings).toEqual([{ field: path.split('.')[0], path, inName: false }]);
  });

  test('reports every field holding a secret, once each, and nothing else', async () => {
    const findings = await scanner.scan({
      name: 'Weekly sales digest',
      purpose: 'posts ' + sample('Stripe live secret key') + ' and ' + sample('GitHub classic PAT'),
      integrations: [{ system: 'salesforce' }, { system: sample('MongoDB SRV URL') }],
      requestedScopes: ['chat:write', 'files.read'],
    });
    expect(findings).toEqual([
      { field: 'purpose', path: 'purpose', inName: false },
      { field: 'integrations', path: 'integrations.1.system', inName: false },
    ]);
  });

  test('a realistic manifest without secrets passes', async () => {
    const manifest = {
      name: 'Weekly sales digest',
      purpose:
        'Posts the weekly pipeline summary to #sales-leads. Secret: stored in the vault; token rotation is handled by IT.',
      owner: 'jane.doe@example.com',
      businessUnit: 'Sales Operations (cost centre 4711-0042)',
      decommissionPlan:
        'Disable the flow, revoke the app in Slack admin, delete the sheet 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms',
      builtWith: 'Power Automate, node 20.19.0',
      thirdPartyLibraries: ['lodash@4.17.21', '@slack/bolt@3.17.1'],
      requestedScopes: ['chat:write', 'channels:history', 'https://www.googleapis.com/auth/drive.readonly'],
      integrations: [{ system: 'salesforce', access: 'read', requiresSecret: true }],
      productionEndpoints: [
        'https://reports.corp.example.com/api/v2?format=json',
        'https://medium.com/@jane.doe/how-we-report',
      ],
      healthEndpoint: 'https://reports.corp.example.com/healthz',
    };
    expect(await scanner.scan(manifest)).toEqual([]);
  });

  test('an object key that is a secret is found', async () => {
    const findings = await scanner.scan({ integrations: [{ [sample('Slack bot token')]: 'read' }] });
    expect(findings.map((f) => f.field)).toEqual(['integrations']);
  });

  test('a secret object key is not repeated in the finding', async () => {
    const key = sample('Slack bot token');
    const findings = await scanner.scan({ integrations: [{ [key]: 'read' }] });
    expect(JSON.stringify(findings)).not.toContain(key);
    expect(findings).toEqual([{ field: 'integrations', path: 'integrations.0.?', inName: true }]);
  });

  test('a registration with a secret as a field name is rejected without echoing it', async () => {
    const key = sample('Slack bot token');
    const error = await checkManifest({ name: 'Valid name', [key]: 'x' }, scanner).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(JSON.stringify((error as AppError).details)).not.toContain(key);
    expect((error as AppError).details.fieldErrors?.[0]?.message).toMatch(/vault/);
  });

  test('a secretlint-disable directive typed into a field does not hide a secret', async () => {
    const directive = 'secretlint-' + 'disable-line';
    expect(await scanner.scan({ purpose: sample('Slack bot token') + ' ' + directive })).toEqual([
      { field: 'purpose', path: 'purpose', inName: false },
    ]);
  });

  test('an empty object gives no findings', async () => {
    expect(await scanner.scan({})).toEqual([]);
  });

  test('values without strings give no findings', async () => {
    expect(await scanner.scan({ expectedUsers: 40, usesAI: false, dataTypes: [], backupOwner: null })).toEqual([]);
    expect(await scanner.scan(undefined)).toEqual([]);
  });
});

test('scanning leaves no performance marks behind, so repeated scans stay as cheap as the first', async () => {
  const { performance } = await import('node:perf_hooks');
  const { secretLintProfiler } = await import('@secretlint/profiler');
  const scanner = createSecretScanner();
  performance.clearMarks();
  for (let i = 0; i < 50; i++) await scanner.scan({ purpose: `run ${i}` });
  expect(performance.getEntriesByType('mark')).toHaveLength(0);
  expect(await secretLintProfiler.getEntries()).toHaveLength(0);
});

test('a long field of repeated credential words is scanned in linear time, not quadratic', async () => {
  const scanner = createSecretScanner();
  for (const filler of ['pass' + 'word ', 'api key is ', 'token: abc ']) {
    const started = Date.now();
    expect(await scanner.scan({ purpose: filler.repeat(180_000 / filler.length) })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(3000);
  }
});
