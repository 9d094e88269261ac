import type { Fake } from './fake-values';
import { b64, fakeValues, pem } from './fake-values';
import { PROVIDER_TOKENS } from './provider-tokens';

/** A fake credential as people paste it, with the provider (or system) it belongs to. */
export interface CredentialSample {
  provider: string;
  kind: string;
  text: string;
}

const PW = 'pass' + 'word';

/** How a token shows up in a registration: on its own, in a sentence, in an env line, in JSON or YAML. */
const WRAPPERS: readonly ((token: string, env: string) => string)[] = [
  (t) => t,
  (t, env) => `${env}=${t}`,
  (t) => `Connects with ${t} for the nightly sync`,
  (t, env) => `{"${env.toLowerCase()}": "${t}"}`,
  (t, env) => `export ${env}="${t}"`,
  (t) => `uses key ${t}`,
  (t, env) => `${env.toLowerCase().replace(/_/g, '.')}: ${t}`,
  (t) => `(${t})`,
];

const c = (provider: string, kind: string, make: (f: Fake) => string) => ({ provider, kind, make });

/** Credentials that live in URLs, command lines, headers, config and sentences. */
const IN_CONTEXT = [
  // URLs: user info, query parameters, webhook paths
  c('PostgreSQL', 'connection URL', (f) => `postgresql://crm_app:${f.password()}@db.corp.example.com:5432/crm`),
  c('MySQL', 'connection URL', (f) => `my` + `sql://reports:${f.alnum(16)}@10.20.30.40:3306/reports`),
  c(
    'MongoDB Atlas',
    'SRV URL',
    (f) => `mongodb+srv://app:${f.alnum(16)}@cluster0.${f.lower(5)}.mongodb.net/crm?retryWrites=true`,
  ),
  c('Redis', 'TLS URL', (f) => `rediss://default:${f.alnum(32)}@eu1-${f.lower(8)}.upstash.io:6379`),
  c('RabbitMQ', 'AMQP URL', (f) => `amqps://svc_queue:${f.alnum(16)}@rabbit.corp.example.com/prod`),
  c('SFTP', 'URL with password', (f) => `sftp://upload:${f.password()}@files.partner.example.net/inbox`),
  c(
    'HTTP basic auth',
    'URL with password',
    (f) => `https://svc-reports:${f.alnum(14)}@reports.corp.example.com/export`,
  ),
  c(
    'Git',
    'clone URL with token',
    (f) => `git clone https://x-access-token:${f.alnum(40)}@git.corp.example.com/acme/reports.git`,
  ),
  c('Cloudinary', 'URL', (f) => `cloudinary://${f.digits(15)}:${f.b64url(27)}@acme-media`),
  c(
    'Slack',
    'incoming webhook',
    (f) => 'https://hooks' + `.slack.com/services/T${f.upper(8)}/B${f.upper(10)}/${f.alnum(24)}`,
  ),
  c(
    'Slack',
    'workflow webhook',
    (f) => 'https://hooks' + `.slack.com/triggers/T${f.upper(8)}/${f.digits(13)}/${f.hex(32)}`,
  ),
  c(
    'Microsoft Teams',
    'incoming webhook',
    (f) =>
      `https://acme.webhook.office.com/webhookb2/${f.uuid()}@${f.uuid()}/IncomingWebhook/${f.hex(32)}/${f.uuid()}/V2${f.b64url(40)}`,
  ),
  c(
    'Power Automate',
    'workflow trigger URL',
    (f) =>
      `https://prod-${f.digits(2)}.westeurope.logic.azure.com:443/workflows/${f.hex(32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${f.b64url(43)}`,
  ),
  c('Discord', 'webhook', (f) => `https://discord.com/api/webhooks/${f.digits(19)}/${f.b64url(68)}`),
  c(
    'Google Chat',
    'webhook',
    (f) =>
      `https://chat.googleapis.com/v1/spaces/AAAA${f.b64url(7)}/messages?key=AI` +
      `zaSy${f.b64url(33)}&token=${f.b64url(43)}%3D`,
  ),
  c('Zapier', 'catch hook', (f) => `https://hooks.zapier.com/hooks/catch/${f.digits(7)}/${f.lower(6)}/`),
  c('Make', 'webhook', (f) => `https://hook.eu1.make.com/${f.lower(32)}`),
  c('IFTTT', 'webhook key', (f) => `https://maker.ifttt.com/trigger/report_ready/with/key/${f.b64url(22)}`),
  c('Mattermost', 'incoming webhook', (f) => `https://chat.corp.example.com/hooks/${f.lower(26)}`),
  c(
    'Azure Functions',
    'function key in URL',
    (f) => `https://acme-reports.azurewebsites.net/api/export?code=${f.b64url(54)}==`,
  ),
  c(
    'Azure Storage',
    'SAS URL',
    (f) =>
      `https://acmereports.blob.core.windows.net/exports/weekly.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T00:00:00Z&spr=https&sig=${encodeURIComponent(f.b64(43) + '=')}`,
  ),
  c(
    'AWS S3',
    'presigned URL',
    (f) =>
      `https://acme-reports.s3.eu-west-1.amazonaws.com/weekly.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK` +
      `IA${f.upper(16)}%2F20261121%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261121T100000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${f.hex(64)}`,
  ),
  c(
    'OpenWeather',
    'appid parameter',
    (f) => `https://api.openweathermap.org/data/2.5/weather?q=London&appid=${f.hex(32)}`,
  ),
  c(
    'Google Maps',
    'key parameter',
    (f) => `https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=AI` + `za${f.b64url(35)}`,
  ),
  c('Generic API', 'api_key parameter', (f) => `https://api.partner.example.com/v1/orders?api_key=${f.alnum(32)}`),
  c(
    'Generic API',
    'access_token parameter',
    (f) => `https://graph.partner.example.com/me?access_token=${f.b64url(48)}`,
  ),
  // Connection strings
  c(
    'Azure Storage',
    'connection string',
    (f) =>
      `DefaultEndpointsProtocol=https;AccountName=acme${f.lower(6)};Account` +
      `Key=${f.b64(86)}==;EndpointSuffix=core.windows.net`,
  ),
  c(
    'Azure Service Bus',
    'connection string',
    (f) => `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccess` + `Key=${f.b64(43)}=`,
  ),
  c(
    'Azure IoT Hub',
    'connection string',
    (f) => `HostName=acme.azure-devices.net;DeviceId=sensor-7;SharedAccess` + `Key=${f.b64(43)}=`,
  ),
  c(
    'SQL Server',
    'ADO.NET connection string',
    (f) =>
      `Server=tcp:crm.database.windows.net,1433;Initial Catalog=crm;User ID=svc_crm;${PW}=${f.password()};Encrypt=True;`,
  ),
  c(
    'ODBC',
    'connection string',
    (f) => `Driver={ODBC Driver 18 for SQL Server};Server=sql01;Uid=report;Pwd=${f.password()};`,
  ),
  c(
    'JDBC',
    'URL with password parameter',
    (f) => `jdbc:mysql://db.corp.example.com:3306/crm?user=report&${PW}=${f.password()}`,
  ),
  // Command lines
  c('curl', 'basic auth flag', (f) => `curl -u svc_export:${f.password()} https://reports.corp.example.com/api/export`),
  c(
    'curl',
    'bearer header',
    (f) => `curl -H "Authorization: Bearer ${f.b64url(40)}" https://api.partner.example.com/v2/items`,
  ),
  c('sshpass', 'password flag', (f) => `sshpass -p '${f.password()}' ssh deploy@10.0.4.12`),
  c('MySQL client', 'attached password flag', (f) => `mysql -h db01 -u root -p${f.password()} crm`),
  c('redis-cli', 'auth flag', (f) => `redis-cli -h cache01 -a ${f.alnum(24)} ping`),
  c('Docker', 'login with password', (f) => `docker login registry.corp.example.com -u ci -p ${f.alnum(20)}`),
  c('sqlcmd', 'password flag', (f) => `sqlcmd -S sql01 -U sa -P ${f.password()} -Q "select 1"`),
  c('Generic CLI', '--password flag', (f) => `./export.sh --user report --${PW}=${f.password()}`),
  c('Generic CLI', '--token flag', (f) => `reportctl sync --token ${f.alnum(32)}`),
  c(
    'PowerShell',
    'ConvertTo-SecureString',
    (f) => `$pw = ConvertTo-SecureString "${f.password()}" -AsPlainText -Force`,
  ),
  c(
    'PowerShell',
    'ConvertTo-SecureString -String',
    (f) => `ConvertTo-SecureString -String '${f.password()}' -AsPlainText -Force | Set-Content cred.txt`,
  ),
  c('Windows', 'net use with password', (f) => `net use Z: \\\\files01\\share /user:CORP\\svc_reports ${f.password()}`),
  c('OpenSSL', 'passin argument', (f) => `openssl pkcs12 -export -in cert.pem -passout pass:${f.password()}`),
  // Headers
  c('HTTP', 'Basic authorization header', (f) => `Authorization: Basic ${b64('svc-reports:' + f.password())}`),
  c('Okta', 'SSWS header', (f) => `Authorization: SSWS 00${f.b64url(40)}`),
  c('GitHub', 'token header', (f) => `Authorization: token ${f.checksummed('gh' + 'o_')}`),
  c('Azure API Management', 'subscription key header', (f) => `Ocp-Apim-Subscription-Key: ${f.hex(32)}`),
  c('Datadog', 'API key header', (f) => `DD-API-KEY: ${f.hex(32)}`),
  c('Generic API', 'x-api-key header', (f) => `x-api-key: ${f.alnum(40)}`),
  // Assignments where the key word is not last, or the value starts with a word
  c('Rails', 'SECRET_KEY_BASE', (f) => `SECRET_KEY_BASE=${f.hex(128)}`),
  c('npm', '.npmrc _authToken', (f) => `//registry.npmjs.org/:_authToken=${f.uuid()}`),
  c('Laravel', 'APP_KEY', (f) => `APP_KEY=base64:${f.b64(43)}=`),
  c('AWS', 'secret access key in env', (f) => 'AWS_SECRET_' + `ACCESS_KEY=${f.b64(40).replace(/\+/g, 'k')}`),
  c('AWS', 'secret access key in config', (f) => 'aws_secret_' + `access_key = ${f.alnum(40)}`),
  c('Twilio', 'auth token', (f) => `TWILIO_AUTH_TOKEN=${f.hex(32)}`),
  c('Cloudflare', 'API token', (f) => `CLOUDFLARE_API_TOKEN=${f.b64url(40)}`),
  c('Datadog', 'application key', (f) => `DD_APP_KEY=${f.hex(40)}`),
  c('Algolia', 'admin API key', (f) => `algolia_admin_api_key: ${f.hex(32)}`),
  c('Django', 'SECRET_KEY', (f) => `SECRET_KEY = '${f.of('abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)', 50)}'`),
  c('NextAuth', 'NEXTAUTH_SECRET', (f) => `NEXTAUTH_SECRET=${f.b64(43)}=`),
  c('Generic', 'client_secret in JSON', (f) => `{"client_id": "${f.uuid()}", "client_secret": "${f.b64url(40)}"}`),
  c('Generic', 'database password in YAML', (f) => `db:\n  host: db01\n  ${PW}: "${f.password()}"`),
  c('Generic', 'PGPASSWORD', (f) => `PGPASSWORD=${f.password()} psql -h db01 -U report crm`),
  c('Generic', 'webhook secret', (f) => `webhook_secret: ${f.b64url(32)}`),
  c('Mistral', 'API key', (f) => `MISTRAL_API_KEY=${f.alnum(32)}`),
  c('Cohere', 'API key', (f) => `co_api_key = "${f.alnum(40)}"`),
  c('Snowflake', 'password', (f) => `SNOWFLAKE_${PW.toUpperCase()}=${f.password()}`),
  c('Splunk', 'HEC token', (f) => `splunk_hec_token: ${f.uuid()}`),
  c('Heroku', 'legacy API key', (f) => `heroku api key ${f.uuid()}`),
  c('Azure OpenAI', 'api-key', (f) => `AZURE_OPENAI_API_KEY=${f.hex(32)}`),
  // Sentences
  c('Prose', 'the password is', (f) => `The admin ${PW} is ${f.password()}, please keep it safe`),
  c('Prose', 'password colon', (f) => `${PW[0]!.toUpperCase()}${PW.slice(1)}: ${f.password()}`),
  c('Prose', 'pw colon', (f) => `shared mailbox pw: ${f.password()}`),
  c('Prose', 'login with user / password', (f) => `Login with admin / ${f.password()} on the portal`),
  c('Prose', 'credentials user:pass', (f) => `credentials: svc_report:${f.password()}`),
  c('Prose', 'user and password', (f) => `user reports and ${PW} ${f.password()}`),
  c('Prose', 'token in a sentence', (f) => `The Twilio auth token ${f.hex(32)} sends the SMS`),
  c('Prose', 'api key in a sentence', (f) => `our API key is ${f.alnum(32)} for now`),
  c('Prose (German)', 'das Passwort lautet', (f) => `Das Passwort lautet ${f.password()}`),
  c('Prose (German)', 'Kennwort', (f) => `Kennwort: ${f.password()} (bitte nicht weitergeben)`),
  c('Prose (German)', 'Anmeldung mit', (f) => `Anmeldung mit admin / ${f.password()}`),
  c('Prose (German)', 'Zugangsdaten', (f) => `Zugangsdaten: reports:${f.password()}`),
  c('Prose (French)', 'le mot de passe est', (f) => `Le mot de passe est ${f.password()}`),
  c('Prose (French)', 'mot de passe colon', (f) => `mot de passe : ${f.password()}`),
  c('Prose (French)', 'identifiants', (f) => `identifiants : admin / ${f.password()}`),
  c('Prose (Spanish)', 'la contraseña es', (f) => `La contraseña es ${f.password()}`),
  c('Prose (Spanish)', 'usuario y contraseña', (f) => `usuario: admin contraseña: ${f.password()}`),
  c('Prose (Spanish)', 'credenciales', (f) => `credenciales: soporte / ${f.password()}`),
  c('.netrc', 'machine entry', (f) => `machine api.corp.example.com login svc ${PW} ${f.password()}`),
  c('PowerShell', 'environment variable', (f) => `$env:API_KEY = "${f.alnum(32)}"`),
  c('Windows', 'setx', (f) => `setx API_TOKEN ${f.alnum(32)}`),
  c(
    'Kubernetes',
    'secret from literal',
    (f) => `kubectl create secret generic db --from-literal=${PW}=${f.password()}`,
  ),
  c('AWS CLI', 'configure set', (f) => `aws configure set aws_secret_access_key ${f.b64(40)}`),
  c(
    'Azure CLI',
    'service principal login',
    (f) => `az login --service-principal -u ${f.uuid()} -p ${f.alnum(3)}8Q~${f.b64url(34)} --tenant contoso`,
  ),
  c(
    'Prose',
    'password for the mailbox',
    (f) => `${PW[0]!.toUpperCase()}${PW.slice(1)} for the shared mailbox: ${f.password()}`,
  ),
  c('Prose', 'user/password to log in', (f) => `use admin/${f.password()} to log in`),
  c('Prose (Spanish)', 'clave de acceso', (f) => `clave de acceso: ${f.password()}`),
  c('Prose (French)', 'identifiant et mot de passe', (f) => `Identifiant : admin / Mot de passe : ${f.password()}`),
  c('Prose (German)', 'Benutzername und Passwort', (f) => `Benutzername: admin, Passwort: ${f.password()}`),
  c('Prose (Spanish)', 'usuario, contraseña', (f) => `usuario admin, contraseña ${f.password()}`),
  c('Prose (French)', 'MDP', (f) => `MDP: ${f.password()}`),
  c('Prose', 'user pass', (f) => `user: admin pass: ${f.password()}`),
  c('Elasticsearch', 'ApiKey header', (f) => `Authorization: ApiKey ${b64(f.alnum(20) + ':' + f.alnum(22))}`),
  c('Generic API', 'X-Auth-Token header', (f) => `X-Auth-Token: ${f.hex(40)}`),
  c('Generic web app', 'session cookie', (f) => `Cookie: session=${f.b64url(48)}`),
  c('npm', 'config set _authToken', (f) => `npm config set //registry.npmjs.org/:_authToken ${f.uuid()}`),
  c(
    'pip',
    'index URL with credentials',
    (f) => `pip install --index-url https://build:${f.alnum(24)}@pypi.corp.example.com/simple reports`,
  ),
  c('SMTP', 'URL with password', (f) => `smtp://mailer:${f.password()}@smtp.office365.com:587`),
  c(
    'Microsoft Teams',
    'legacy connector webhook',
    (f) => `https://outlook.office.com/webhook/${f.uuid()}@${f.uuid()}/IncomingWebhook/${f.hex(32)}/${f.uuid()}`,
  ),
  c('DingTalk', 'robot webhook', (f) => `https://oapi.dingtalk.com/robot/send?access_token=${f.hex(64)}`),
  c('WeCom', 'robot webhook', (f) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${f.uuid()}`),
  c('Feishu', 'bot webhook', (f) => `https://open.feishu.cn/open-apis/bot/v2/hook/${f.uuid()}`),
  c(
    'Google Cloud Storage',
    'signed URL',
    (f) =>
      `https://storage.googleapis.com/acme/file.csv?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=20261121T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${f.hex(256)}`,
  ),
  c(
    'CloudFront',
    'signed URL',
    (f) =>
      `https://d111111abcdef8.cloudfront.net/image.jpg?Expires=1893456000&Signature=${f.b64url(200)}&Key-Pair-Id=K2JCJMDEHXQW5F`,
  ),
  c('Spring', 'datasource password', (f) => `spring.datasource.password=${f.password()}`),
  c(
    '.NET',
    'connection string setting',
    (f) => `ConnectionStrings__Default="Server=sql;Database=crm;User Id=sa;Password=${f.password()};"`,
  ),
  c('.NET', 'appSettings key', (f) => `<add key="ApiKey" value="${f.alnum(32)}" />`),
  c('Maven', 'settings.xml password', (f) => `<${PW}>${f.password()}</${PW}>`),
  c('PHP', 'define', (f) => `define('DB_${PW.toUpperCase()}', '${f.password()}');`),
  c('Prose', 'Heroku API key', (f) => `Heroku API key: ${f.uuid()}`),
  c('Prose', 'Postmark server token', (f) => `Postmark server token ${f.uuid()}`),
  c('Azure DevOps', 'classic PAT in prose', (f) => `Azure DevOps PAT: ${f.of('abcdefghijklmnopqrstuvwxyz234567', 52)}`),
  c('Prose', 'the key is', (f) => `The Cohere key is ${f.alnum(40)}`),
  c('Slack', 'signing secret', (f) => `SLACK_SIGNING_SECRET=${f.hex(32)}`),
  c('Sidekiq', 'enterprise credentials', (f) => `BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${f.hex(8)}:${f.hex(8)}`),
  c('Prose', 'password after a dash', (f) => `Admin ${PW} — ${f.password()}`),
  c('Prose', 'password with a qualifier', (f) => `${PW[0]!.toUpperCase()}${PW.slice(1)} (prod): ${f.password()}`),
  c('Prose (German)', 'PW für', (f) => `PW für den Admin: ${f.password()}`),
  c('Prose (German)', 'Passwort für lautet', (f) => `Passwort für SFTP lautet ${f.password()}`),
  c('Prose (French)', 'mot de passe du compte', (f) => `mot de passe du compte de service = ${f.password()}`),
  c('Prose (Spanish)', 'la contraseña del usuario', (f) => `La contraseña del usuario admin es ${f.password()}`),
  c('Prose', 'use the password', (f) => `Use the ${PW} ${f.password()} for the SFTP account`),
  c('Prose', 'shared secret', (f) => `our shared secret is ${f.hex(32)}`),
  c('Generic', 'JWT secret', (f) => `JWT_SECRET=${f.alnum(48)}`),
  c('Generic', 'encryption key', (f) => `ENCRYPTION_KEY=${f.b64(43)}=`),
  c('Generic', 'refresh token', (f) => `refresh_token=${f.b64url(80)}`),
  c('Auth0', 'client secret', (f) => `AUTH0_CLIENT_SECRET=${f.b64url(64)}`),
  c('Azure Functions', 'function key header', (f) => `x-functions-key: ${f.b64url(54)}==`),
  c('wget', 'password flag', (f) => `wget --user=svc --${PW}=${f.password()} https://files.example.com/a.zip`),
  c('PostgreSQL', 'psql with URL', (f) => `psql "postgresql://report:${f.password()}@db01/crm"`),
  c(
    'PowerShell',
    'Bearer header in Invoke-RestMethod',
    (f) => `Invoke-RestMethod -Headers @{Authorization="Bearer ${f.b64url(40)}"}`,
  ),
  c(
    'PowerShell',
    'PSCredential',
    (f) => `$cred = New-Object PSCredential("svc", (ConvertTo-SecureString "${f.password()}" -AsPlainText -Force))`,
  ),
  c('Oracle', 'sqlplus user/password', (f) => `sqlplus scott/${f.password()}@orcl`),
  c('MongoDB', 'mongosh URL', (f) => `mongosh "mongodb://admin:${f.password()}@mongo01:27017"`),
  c(
    'Docker',
    'dockerconfigjson',
    (f) => `.dockerconfigjson: ${b64(JSON.stringify({ auths: { 'ghcr.io': { auth: b64('bot:' + f.alnum(30)) } } }))}`,
  ),
  c('Generic', 'base64 user:password', (f) => `base64: ${b64('svc:' + f.password())}`),
  c('Trello', 'API key', (f) => `TRELLO_KEY=${f.hex(32)}`),
  c('OpenWeather', 'API key in env', (f) => `OPENWEATHER_KEY=${f.hex(32)}`),
  c(
    'Azure Cosmos DB',
    'connection string',
    (f) => `AccountEndpoint=https://crm.documents.azure.com:443/;Account` + `Key=${f.b64(86)}==;`,
  ),
  c(
    'Azure SignalR',
    'connection string',
    (f) => `Endpoint=https://x.service.signalr.net;Access` + `Key=${f.b64(43)}=;Version=1.0;`,
  ),
  c(
    'Azure Cache for Redis',
    'connection string',
    (f) => `crm.redis.cache.windows.net:6380,${PW}=${f.b64(43)}=,ssl=True,abortConnect=False`,
  ),
  c(
    'AWS',
    'credentials file',
    (f) => `[default]\naws_access_key_id = AK` + `IA${f.upper(16)}\naws_secret_access_key = ${f.b64(40)}`,
  ),
  c(
    'Google',
    'OAuth client JSON',
    (f) =>
      `{"installed":{"client_id":"123-abc.apps.googleusercontent.com","client_secret":"GOC` + `SPX-${f.b64url(28)}"}}`,
  ),
  c('Slack', 'client token', (f) => 'xo' + `xc-${f.digits(12)}-${f.digits(12)}-${f.digits(13)}-${f.hex(64)}`),
  c('Tableau', 'personal access token secret', (f) => `personal access token secret: ${f.b64(22)}==:${f.alnum(32)}`),
  c('Prose', 'P/W', (f) => `P/W: ${f.password()}`),
  c('Prose', 'passcode', (f) => `passcode: ${f.digits(8)}`),
  c('Prose (German)', 'das Kennwort ist', (f) => `Das Kennwort ist ${f.password()}`),
  c('Prose (French)', 'le mdp est', (f) => `Le mdp est ${f.password()}`),
  c('Prose (Spanish)', 'la clave es', (f) => `la clave es ${f.password()}`),
  c('Prose', 'credentials are user/password', (f) => `credentials are admin/${f.password()}`),
  c('Shopify', 'access token header', (f) => `X-Shopify-Access-Token: shp` + `at_${f.hex(32)}`),
  c('HashiCorp Vault', 'token header', (f) => `X-Vault-Token: hv` + `s.${f.b64url(90)}`),
  c('Generic', 'base64 of a password line', (f) => `echo ${b64(PW + '=' + f.password())} | base64 -d`),
  c('Generic', 'form body', (f) => `username=svc&${PW}=${encodeURIComponent(f.password())}`),
  c(
    'Azure API Management',
    'subscription-key parameter',
    (f) => `https://api.example.com/data?subscription-key=${f.hex(32)}`,
  ),
  // Encoded material
  c(
    'Kubernetes',
    'kubeconfig client-key-data',
    (f) => `client-key-data: ${b64(pem(f, 'RSA PRIVATE' + ' KEY', 'MIIEpAIBAAKCAQEA', 1592))}`,
  ),
  c(
    'Kubernetes',
    'secret manifest data',
    (f) => `data:\n  ${PW}: ${b64(f.password())}\n  api-token: ${b64(f.alnum(32))}`,
  ),
  c(
    'Docker',
    'config.json auth',
    (f) => `{"auths":{"registry.corp.example.com":{"auth":"${b64('ci-bot:' + f.alnum(24))}"}}}`,
  ),
  c(
    'PuTTY',
    'private key file',
    (f) =>
      `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI${f.b64(43)}\nPrivate-Lines: 1\nAAAAI${f.b64(39)}\nPrivate-MAC: ${f.hex(64)}`,
  ),
  c(
    'Generic',
    'base64 encoded env file',
    (f) => `env: ${b64(`DB_HOST=db01\nDB_${PW.toUpperCase()}=${f.password()}\n`)}`,
  ),
  c('GCP', 'service account JSON', (f) =>
    JSON.stringify({
      type: 'service_account',
      project_id: 'acme-crm',
      private_key_id: f.hex(40),
      private_key: pem(f, 'PRIVATE' + ' KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 1624) + '\n',
      client_email: 'bot@acme-crm.iam.gserviceaccount.com',
    }),
  ),
  c('SSH', 'base64 of an OpenSSH key', (f) =>
    b64(
      pem(f, 'OPENSSH PRIVATE' + ' KEY', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 300),
    ),
  ),
  c('GCP', 'base64 service account JSON', (f) =>
    b64(
      JSON.stringify({
        type: 'service_account',
        private_key: pem(f, 'PRIVATE' + ' KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 400),
      }),
    ),
  ),
  c('Generic', 'private key on one line', (f) =>
    pem(f, 'RSA PRIVATE' + ' KEY', 'MIIEpAIBAAKCAQEA', 1592).replace(/\n/g, ' '),
  ),
];

/** The credential corpus: every provider token in two of the wrappers, and every in-context credential twice. */
export function credentialCorpus(seed = 20261121): CredentialSample[] {
  const f = fakeValues(seed);
  const out: CredentialSample[] = [];
  PROVIDER_TOKENS.forEach((p, i) => {
    for (const w of [WRAPPERS[i % WRAPPERS.length]!, WRAPPERS[(i * 3 + 1) % WRAPPERS.length]!])
      out.push({ provider: p.provider, kind: p.kind, text: w(p.make(f), p.env) });
  });
  for (const x of IN_CONTEXT)
    for (let i = 0; i < 2; i++) out.push({ provider: x.provider, kind: x.kind, text: x.make(f) });
  return out;
}
