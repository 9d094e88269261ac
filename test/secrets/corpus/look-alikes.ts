import type { Fake } from './fake-values';
import { b64, fakeValues } from './fake-values';

/** Ordinary registration text that resembles a credential. */
export interface LookAlike {
  kind: string;
  text: string;
}

const PW = 'pass' + 'word';

/** Written-out look-alikes that registrations really contain. */
const FIXED: [string, string[]][] = [
  ['placeholder token', [
    'gh' + 'p_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'xo' + 'xb-your-bot-token-here', 's' + 'k_live_XXXXXXXXXXXXXXXXXXXXXXXX', 'SLACK_BOT_TOKEN=<your-bot-token>', 'OPENAI_API_KEY=${OPENAI_API_KEY}',
    'api_key: <YOUR_API_KEY>', 'token: {{ secrets.SLACK_TOKEN }}', 'AWS_SECRET_ACCESS_KEY=********', 'Authorization: Bearer <token>', `${PW}: changeme`,
    'client_secret=REPLACE_ME', 'SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'AK' + 'IAXXXXXXXXXXXXXXXX', 'gl' + 'pat-xxxxxxxxxxxxxxxxxxxx', 'np' + 'm_000000000000000000000000000000000000',
    'postgres://app:${DB_PASSWORD}@db.corp.example.com:5432/crm', 'https://<user>:<password>@reports.corp.example.com', 'curl -u $USER:$API_TOKEN https://api.example.com', `mysql -u root -p crm`, 'sshpass -p "$SSH_PASS" ssh deploy@host',
    'Authorization: Basic <base64 of user:password>', 'token=%BOT_TOKEN%', `${PW}=YOUR_PASSWORD_HERE`, 'api key = [redacted]', 'secret: ••••••••',
    'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', `ConvertTo-SecureString $env:SVC_PASSWORD -AsPlainText -Force`, 'docker login -u ci -p $REGISTRY_TOKEN registry.example.com', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'x-api-key: {{apiKey}}',
  ]],
  ['vault reference', [
    'vault: crm-api-key', `${PW}: vault:crm-pass`, 'api_key: crm-api-key', 'secret stored in Azure Key Vault (kv-prod-weu / crm-client-secret)', 'token: env:SLACK_BOT_TOKEN',
    'SLACK_BOT_TOKEN from secrets.SLACK_BOT_TOKEN', 'client secret: @Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/crm/)', 'password comes from 1Password item "CRM service account"', 'DB_PASSWORD=op://Platform/crm-db/password', 'api key in AWS Secrets Manager: prod/crm/api-key',
    'secret_arn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/crm/db-AbCdEf', 'token read from process.env.SLACK_BOT_TOKEN at start', 'credentials: managed identity, no secret', 'key: projects/acme/secrets/crm-key/versions/3', 'secretRef: crm-db-credentials',
  ]],
  ['policy sentence', [
    'API key: 90-day rotation', 'Token: OAuth2 via Entra ID', 'Secret: AES-256 encrypted in Key Vault', 'Secret: stored in the vault', 'token rotation is handled by IT',
    `${PW}: see vault entry crm-pass`, 'secret: required', 'api key: requested from IT', `The ${PW} must be at least 12 characters and rotated every 90 days`, 'the client secret is kept in Azure Key Vault',
    'token: 3600', 'secret=2025-06-30', 'access_key_id: see IT ticket', 'Passwords are never stored; users sign in with SSO', 'Tokens expire after 60 minutes and are refreshed with PKCE',
    'Key: managed by AWS KMS (CMK alias/crm)', 'Credentials: none, uses managed identity', 'Password policy: 14 characters, MFA required', 'API tokens are scoped read-only and rotated quarterly', 'Auth: SAML 2.0 with Okta',
    'Secrets: TLS1.2 in transit, AES-256 at rest', 'Token lifetime: 1h', 'Password reset link: https://id.corp.example.com/reset?user=jdoe', 'token_url=https://login.microsoftonline.com/common/oauth2/v2.0/token', 'The API key is rotated every 30 days by the platform team',
    'Kennwort: wird im Tresor verwaltet', 'Das Passwort wird nie per E-Mail verschickt', 'Le mot de passe est stocké dans le coffre-fort', 'Mot de passe : géré par Entra ID', 'La contraseña se guarda en el vault corporativo',
    'Contraseña: mínimo 12 caracteres', 'Zugangsdaten: über SSO', 'identifiants : gérés par le service IT', 'Authentication: OAuth 2.0 client credentials flow', 'Secret: HMAC-SHA256 signature verified on every webhook',
    'key rotation: every 365 days', 'API key: one per environment, held by the platform team', 'token: short-lived, issued by Entra ID', 'password hashing: bcrypt with cost 12', 'passwords: argon2id',
    'Token: JWT signed with RS256', 'Secret: Key Vault reference kv-crm-01', 'private key stays in the HSM', 'pw: in 1Password', 'Password: SSO (no local accounts)',
    'the password is never shared over chat', 'Login with your corporate account / SSO', 'log in with SSO and MFA', 'user: jane.doe@example.com, team: Finance', 'credentials: via the service principal sp-crm-reader',
  ]],
  ['prose about credentials', [
    'Slack tokens start with xoxb and GitHub ones with ghp_', 'Never paste an API key in this form; use the vault', 'The bot asks for a token during setup', 'We use the GitHub token that Actions provides', 'Users reset their password through the self-service portal',
    'This app never sees passwords', 'Rotates the shared mailbox password every quarter', 'The secret scanning job runs every night', 'Each tenant has its own signing key in Key Vault', 'Token usage is logged to Sentinel',
    'passwordless sign-in with FIDO2 keys', 'The password field in the form is hidden', 'Keys are 2048-bit RSA', 'Bearer tokens come from Entra ID', 'The webhook secret is generated by the platform',
  ]],
  ['identifier', [
    '3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b', 'C56A4180-65AA-42EC-A945-5FD21DEC0538', 'tenant id: 72f988bf-86f1-41af-91ab-2d7cd011db47', 'client id 0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9', 'Salesforce record 0015g00000XyZ12AAB',
    'Slack channel C0123456789', '<@U02ABCDEF12>', 'Jira CRM-1234', 'Google Sheet 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms', 'Power BI workspace 5f3c7a2e-1b4d-4c8e-9f0a-6d2e8b1c4a7f',
    '/subscriptions/0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9/resourceGroups/rg-crm/providers/Microsoft.Web/sites/crm-app', 'ocid1.instance.oc1.eu-frankfurt-1.antheljtq4bq7nicxy3b7n5a6njh6n6cyk5yvl3m6wr4nyj2p5lw4kfxxhq', 'GCP project acme-crm-prod-4711', 'Azure app registration crm-reader-app', 'Teams team id 19:abcdef0123456789abcdef0123456789@thread.tacv2',
    'Airtable base appAbC123dEf456GhI', 'Notion page 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6', 'Dataverse org org7f3a2b1c.crm4.dynamics.com', 'SharePoint site id contoso.sharepoint.com,2c5d1e2f-0a1b-4c3d-8e9f-0a1b2c3d4e5f,7d8e9f0a-1b2c-4d3e-9f8a-7b6c5d4e3f2a', 'Stripe customer cus_NffrFeUfNV2Hib',
    'Stripe price price_1MoBy5LkdIwHu7ixZhnattbh', 'Stripe publishable key pk_live_51H7aLkdIwHu7ixZhnattbhLkdIwHu7ixZh', 'Twilio account SID AC' + '0123456789abcdef0123456789abcdef', 'AWS account 123456789012', 'Okta app 0oa1b2c3d4e5F6g7H8i9',
    'ServiceNow ticket INC0012345', 'request id req_8f7e6d5c4b3a2910', 'trace id 4bf92f3577b34da6a3ce929d0e0e4736', 'Mixpanel project token? no: project id 2847561', 'Intune device id 1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f',
  ]],
  ['hash or digest', [
    'e83c5163316f89bfbde7d9ab23ca2e25604af290', 'commit 9fceb02', 'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'ghcr.io/acme/report-bot@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae', 'MD5 d41d8cd98f00b204e9800998ecf8427e',
    'integrity sha512-Q2F0Y2ggbWUgaWYgeW91IGNhbiBidXQgdGhpcyBpcyBqdXN0IGEgaGFzaA==', 'checksum 5d41402abc4b2a76b9719d911017c592', 'SHA1 fingerprint 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'etag "33a64df551425fcc55e4d42a148795d9f25f89d4"', 'git tag v2.3.1 (a1b2c3d)',
  ]],
  ['URL', [
    'https://crm.example.com/reports/weekly?region=emea&sort=desc&page=2', 'https://intranet.corp.example.com:8443/app/login?next=/home', 'https://medium.com/@jane.doe/automating-weekly-reports-1a2b3c4d5e6f', 'https://www.npmjs.com/package/@slack/bolt', 'ssh://git@github.com/acme/reports.git',
    'git@github.com:acme/reports.git', 'postgres://db.corp.example.com:5432/crm', 'https://reports.corp.example.com/healthz', 'https://www.googleapis.com/auth/drive.readonly', 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize',
    'https://acme.sharepoint.com/sites/Finance/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FFinance%2FShared%20Documents%2FReports', 'https://app.powerbi.com/groups/5f3c7a2e-1b4d-4c8e-9f0a-6d2e8b1c4a7f/reports/0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9', 'https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0', 'https://api.partner.example.com/v1/orders?status=open&limit=100', 'https://acme.atlassian.net/browse/CRM-1234',
    'https://github.com/acme/reports/pull/42', 'https://api.openweathermap.org/data/2.5/weather?q=London&units=metric', 'https://acme-reports.azurewebsites.net/api/health', 'https://prod-12.westeurope.logic.azure.com/workflows', 'https://hooks.slack.com/',
    'https://discord.com/channels/123456789012345678/234567890123456789', 'https://hooks.zapier.com/', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://example.com/callback?code=EMEA&state=ok', 'https://acme.my.salesforce.com/lightning/r/Account/0015g00000XyZ12AAB/view',
    'https://teams.microsoft.com/l/channel/19%3Aabcdef0123456789abcdef0123456789%40thread.tacv2/General?groupId=0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9&tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47', 'https://accounts.google.com/o/oauth2/v2/auth?client_id=123456789012-abc.apps.googleusercontent.com&response_type=code&scope=openid', 'https://s3.eu-west-1.amazonaws.com/acme-public/logo.png', 'https://cdn.example.com/assets/app.4f9c2b1e.js', 'mailto:it-help@corp.example.com',
  ]],
  ['ARN or resource name', [
    'arn:aws:iam::123456789012:role/ReportsReader', 'arn:aws:s3:::acme-reports/2024/*', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm/api-key-Ab12Cd', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:lambda:eu-west-1:123456789012:function:export-weekly',
    'kv-prod-weu/secrets/crm-client-secret', 'projects/acme-crm/secrets/slack-token', 'Key Vault secret name: crm-api-key', 'AWS SSM parameter /prod/crm/db-password', 'k8s secret crm-db-credentials in namespace reports',
    'secret-store: azure-keyvault-crm', 'service account crm-reader@acme-crm.iam.gserviceaccount.com', 'storage account acmereportsprod', 'GitHub secret GITHUB_TOKEN', 'env var SLACK_SIGNING_SECRET',
  ]],
  ['version or library', [
    'lodash@4.17.21', '@slack/bolt@3.17.1', '2.14.0-rc.1+build.5', 'node 20.19.0 on Ubuntu 22.04', 'ghcr.io/acme/report-bot:1.4.2',
    'botbuilder@4.23.3', 'python 3.12.4, pandas 2.2.2', 'openai==1.35.7', 'Microsoft.Graph 5.56.0', 'jsonwebtoken@9.0.2',
    'passport-azure-ad@4.3.5', 'keytar@7.9.0', '@azure/keyvault-secrets@4.8.0', 'node-forge@1.3.1', 'bcrypt@5.1.1',
  ]],
  ['scope', [
    'chat:write', 'channels:history', 'files.read', 'User.Read.All', 'Sites.ReadWrite.All', 'offline_access', 'api://crm-reader/.default', 'https://graph.microsoft.com/.default', 'repo:status', 'read:org',
  ]],
  ['config without a secret', [
    'Client ID: 1234567890-abc123def456.apps.googleusercontent.com', 'App ID: 0oa1b2c3d4e5F6g7H8i9', 'Tenant: contoso.onmicrosoft.com', 'Key Vault: kv-crm-prod', 'secret name: crm-db-password',
    'Token endpoint: https://login.microsoftonline.com/contoso/oauth2/v2.0/token', 'token_type: Bearer', 'grant_type=client_credentials', 'Authorization: Bearer token from Entra ID (no secret stored)', 'uses OAuth bearer tokens',
    'Basic auth disabled', 'SSWS tokens are rotated monthly', 'passwordless', 'Password: must contain 12+ chars incl. 1 digit', 'Password: Min. 12 chars',
    'API key: stored as GitHub secret OPENAI_API_KEY', 'password: !vault |', 'secret: !Ref DbSecret', 'password: {{resolve:secretsmanager:prod/db:SecretString:password}}', 'password: $(DB_PASSWORD)',
    "api_key: os.environ['API_KEY']", "password=getenv('DB_PASSWORD')", 'Secret: kv://crm/api-key', 'pwd: /home/jdoe/reports', 'hash: 5f4dcc3b5aa765d61d8327deb882cf99',
    'password_expiry_days: 90', 'session timeout: 30 min', 'auth_mode: oauth2', 'signing_key_id: 3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b', 'access_key_id: AKIA' + 'IOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY', 'sk-...T3Bl', 'sk-proj-****', 'xoxb-****-****-****', 'token: Bearer',
    'secret: yes', 'uses an API key (rotated 90 days)', 'Key: 3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b', 'API key ID: 12345', 'kid: 2024-06-key',
  ]],
  ['ordinary text with a credential word', [
    'Secret Santa organiser 2024', 'Token bucket rate limiting', 'The key is to keep it simple', 'password reset tool for 2,000 users', 'Pass rate: 98%',
    'Bypass=true', 'Passport number check', 'keyboard shortcuts', 'Schlüssel: Tresor', 'Passwort vergessen? Link im Portal',
    'Mot de passe oublié : lien dans le portail', '¿Olvidó su contraseña? Use el portal', 'login: jane.doe@example.com', 'username/password auth is disabled', 'user/pass login is replaced by SSO',
    'Service account: svc_reports (no password, managed identity)', 'PIN reset via helpdesk', 'Default port 5432/tcp', 'read/write access to 2/3 of sites', 'Sign in with your company account / MFA',
    'Uses the Graph API with a certificate (thumbprint 2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12)', 'Certificate serial 0A:1B:2C:3D:4E:5F', 'correlation-id: 3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b', 'x-request-id: req_8f7e6d5c4b3a2910', 'ETag: W/"0815-4711abc"',
    'API version 2024-06-01', 'model: gpt-4o-2024-08-06', 'claude-3-5-sonnet-20241022', 'SKU Standard_D2s_v3', 'Azure region westeurope',
  ]],
  ['URL about credentials', [
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&scope=openid%20profile&state=12345',
    'https://app.example.com/cb?code=M.C507_BAY.2.U.1234abcd&state=xyz', 'https://api.github.com/repos/acme/reports/actions/secrets/public-key', 'https://vault.corp.example.com/ui/vault/secrets/kv/show/crm/api-key',
    'https://kv-crm.vault.azure.net/secrets/crm-api-key/0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'https://console.aws.amazon.com/secretsmanager/secret?name=prod%2Fcrm%2Fapi-key&region=eu-west-1',
    'https://www.google.com/search?q=how+to+rotate+api+key', 'https://example.com/reset-password?token=expired', 'https://github.com/settings/tokens', 'https://api.slack.com/apps/A0123456789/oauth',
    'JWKS https://login.microsoftonline.com/common/discovery/v2.0/keys', 'https://secretsmanager.eu-west-1.amazonaws.com',
  ]],
  ['policy sentence in German, French or Spanish', [
    'Passwort: mindestens 12 Zeichen, Wechsel alle 90 Tage', 'Kennwort: siehe Vault-Eintrag crm-pass', 'API-Schlüssel: 90 Tage Rotation', 'Token: OAuth2 über Entra ID', 'Geheimnis: AES-256 verschlüsselt im Key Vault',
    'Mot de passe : rotation tous les 90 jours', 'Clé API : stockée dans Azure Key Vault', 'Jeton : OAuth2 via Entra ID', 'Contraseña: rotación cada 90 días', 'Clave API: almacenada en el vault',
    'das Passwort wird im Tresor gespeichert', 'le mot de passe est géré par le service IT', 'la contraseña la gestiona IT',
  ]],
  ['placeholder or variable in a command or URL', [
    'code=<function key>', 'https://acme-func.azurewebsites.net/api/export?code=<FUNCTION_KEY>', 'https://api.example.com/v1/items?api_key=YOUR_API_KEY', 'https://user:${PASSWORD}@db.example.com', 'mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/',
    'curl -u "$USER:$TOKEN" https://api.example.com', 'sshpass -p "$PASS" ssh host', 'mysql -uroot -p"$MYSQL_PWD"', 'ConvertTo-SecureString -String $plain -AsPlainText -Force', 'Authorization: Basic $(echo -n user:pass | base64)',
    'Authorization: Bearer $TOKEN', 'client-key-data: (redacted)', 'auth: <base64 user:token>', 'sig=... is added at runtime', 'Webhook: https://hooks.slack.com/services/… (stored in vault)',
  ]],
  ['more policy sentences', [
    'Token: JWT (RS256), 60 min', 'API key: per-tenant, 32 bytes, rotated yearly', 'Password: SSO only', 'Password: N/A (SSO)', 'Password: managed by CyberArk',
    "Secret: client credentials in Key Vault 'kv-crm'", 'Secret: Entra app reg secret expires 2026-03-01', 'API key: 2 keys (primary/secondary)', 'token: x-api-key header', 'password = hashed (bcrypt)',
    'pwd: SHA-256 hashed', 'key: RSA-2048', 'API Key: AIza... restricted to HTTP referrers', 'Token: ghp_... (read-only, fine-grained)', 'credentials: service principal sp-crm (cert auth)',
    'login: SSO / Okta', 'login: via Okta / SAML', 'Login with Microsoft / Entra ID', 'user: svc_reports / password in vault', 'username: jdoe, password: (see vault)',
    'Sign in to Dynamics 365/Power Apps', 'Tokens: 3 per user, 1h TTL', 'Secret rotation: Key Vault + Event Grid', 'The password is rotated automatically', 'the token is issued by Entra ID',
    'Uses Basic auth over TLS 1.2 to the legacy API', 'Authorization header carries an Entra ID token', 'SAS token: generated per request, 15 min expiry', 'SECRET_KEY_BASE is set by the platform', '_authToken comes from CI',
    'PuTTY key in the vault (deploy.ppk)', 'kubeconfig stored in Key Vault secret k8s-admin', 'ssh key: ~/.ssh/id_ed25519', 'Signed URLs expire after 15 minutes', 'Teams webhook URL kept in Key Vault',
  ]],
  ['key that is an identifier or public', [
    'STRIPE_PUBLISHABLE_KEY=pk_live_51H7aLkdIwHu7ixZhnattbhLkdIwHu7ixZh', 'spreadsheet key: 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms', 'PARTITION_KEY=tenantId', 'IDEMPOTENCY_KEY=3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b', 'PRIMARY_KEY: order_id',
    'author: 3f2b8c1e-9d4a-4e7b-8c2f-1a5d6e7f8a9b', 'license key: 3F2B8C1E-9D4A-4E7B-8C2F-1A5D6E7F8A9B is requested per seat', 'max_tokens: 4096', 'Token count: 4096', 'Secret scanning: enabled',
  ]],
  ['link, setting or id near a credential word', [
    'https://acme.sharepoint.com/:x:/s/Finance/EYx7a9bCdEfGhIjKlMnOpQrB3cDeFgHiJkLmNoPqRsTuVw?e=4fGhIj', 'https://docs.google.com/forms/d/e/1FAIpQLSfD3xYz-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab/viewform',
    'https://make.powerautomate.com/environments/Default-72f988bf-86f1-41af-91ab-2d7cd011db47/flows/0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9/details', 'https://1drv.ms/x/s!AbCdEfGhIjKl12345mnOp', 'https://airtable.com/shrAbCdEfGhIjKlMn',
    'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA1ZDc0ZTItYjEyMi00ZDFkLWI4NzQtM2Y0ZTk0ZGRkNzQ2%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%7d', 'https://www.figma.com/file/AbCdEf123456GhIjKl/Design-System?node-id=12%3A34',
    'App (client) ID: 0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9', 'Directory (tenant) ID: 72f988bf-86f1-41af-91ab-2d7cd011db47', 'Application ID URI: api://0b1f2c3d-4e5f-6071-8293-a4b5c6d7e8f9', 'Password hash: $2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', 'Key ID: 9f86d081884c7d659a2feaa0c55ad015',
    'token_expiry=2026-12-31T00:00:00Z', 'API key: see Confluence page "CRM integration"', 'password: in KeePass (Team/CRM)', 'Credentials: Workload identity federation (no keys)', 'Key: customer-managed (CMK) in Key Vault kv-crm/keys/cmk-01',
    'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'Logon as CORP\\svc_reports / gMSA (no password)', 'Login: admin@contoso.com / MFA', '"password": null', 'PASSWORD_MIN_LENGTH=12',
    'TOKEN_TTL_SECONDS=3600', 'SECRET_ROTATION_DAYS=90', 'AUTH_PROVIDER=entra', 'Authorization: handled by APIM policy', 'X-API-Key header is added by APIM',
  ]],
  ['other', [
    '+44 20 7946 0958', '2024-03-15T09:30:00Z', 'Mon-Fri 09:30-17:00', '0 9 * * 1-5', 'cost centre 4711-0042',
    'jane.doe@example.com', '10.20.30.40:8080', '2001:db8::8a2e:370:7334', 'brand colour #1a2b3c', 'IBAN DE89370400440532013000',
    'SGVsbG8gV29ybGQ=', 'VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw==', 'tokens use the header eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' + 'q'.repeat(40) + '==\n-----END PUBLIC KEY-----', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    'ssh public key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy@ci', 'Power Automate, Copilot Studio', 'Built with Retool and GPT-4o', 'Finance Ops (EMEA)', 'Disable the flow, revoke the app in Slack admin, delete the sheet',
  ]],
];

/** Generated look-alikes: ids, digests and names in the shapes the generator gives them. */
const GENERATED: [string, (f: Fake) => string][] = [
  ['UUID', (f) => f.uuid()],
  ['correlation id', (f) => `correlation id ${f.uuid()}`],
  ['git commit', (f) => `deployed at commit ${f.hex(40)}`],
  ['sha256 digest', (f) => `sha256:${f.hex(64)}`],
  ['container image', (f) => `acme.azurecr.io/reports/exporter:${f.int(9)}.${f.int(20)}.${f.int(30)}@sha256:${f.hex(64)}`],
  ['Azure resource id', (f) => `/subscriptions/${f.uuid()}/resourceGroups/rg-${f.pick(['crm', 'hr', 'fin'])}-prod/providers/Microsoft.Logic/workflows/export-${f.lower(4)}`],
  ['ARN', (f) => `arn:aws:secretsmanager:eu-west-1:${f.digits(12)}:secret:prod/${f.pick(['crm', 'erp'])}/api-key-${f.alnum(6)}`],
  ['SharePoint URL', (f) => `https://acme.sharepoint.com/sites/${f.pick(['Finance', 'HR', 'Sales'])}/Lists/Requests/DispForm.aspx?ID=${f.int(9999)}`],
  ['Power BI URL', (f) => `https://app.powerbi.com/groups/${f.uuid()}/reports/${f.uuid()}/ReportSection${f.hex(20)}`],
  ['Google Drive file', (f) => `https://drive.google.com/file/d/1${f.b64url(32)}/view`],
  ['version', (f) => `v${f.int(9)}.${f.int(30)}.${f.int(100)}`],
  ['library', (f) => `${f.pick(['axios', 'pandas', 'requests', 'express', 'dayjs'])}@${f.int(5)}.${f.int(20)}.${f.int(20)}`],
  ['ticket', (f) => `${f.pick(['CHG', 'INC', 'RITM'])}${f.digits(7)}`],
  ['phone', (f) => `+49 30 ${f.digits(7)}`],
  ['base64 of a sentence', (f) => b64(f.pick(['weekly report for the finance team', 'hello from the reports bot', 'export finished without errors']))],
  ['Slack ids', (f) => `channel C${f.upper(10)} user U${f.upper(10)}`],
  ['short hex', (f) => `build ${f.hex(7)}`],
];

/** The look-alike corpus: every fixed text, and each generated kind several times. */
export function lookAlikeCorpus(seed = 20261122): LookAlike[] {
  const f = fakeValues(seed);
  const out: LookAlike[] = FIXED.flatMap(([kind, texts]) => texts.map((text) => ({ kind, text })));
  for (const [kind, make] of GENERATED) for (let i = 0; i < 4; i++) out.push({ kind, text: make(f) });
  return out.filter((l, i) => out.findIndex((o) => o.text === l.text) === i);
}
