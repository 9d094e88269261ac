import type { SiemConfig } from './siem-settings';
import type { LogLevel } from '../log/logger';
import type { DatabaseTarget } from '../store/database-target';

/** How the bot talks to Slack, when it does. */
export interface SlackConfig {
  botToken: string;
  /** HTTP mode: requests arrive at POST /slack/events, signed with this secret. */
  signingSecret?: string;
  /** Socket Mode: the bot connects out to Slack; no public URL needed. */
  appToken?: string;
  /** Web API base URL, for GovSlack, proxies and tests; ends with `/api/`. */
  apiUrl?: string;
}

/** Slack discovery (the `slack` source): an org admin's user token reads the apps and workflows of the org. */
export interface SlackAdminConfig {
  adminToken: string;
  /** Web API base URL (SLACK_API_URL); ends with `/api/`. */
  apiUrl?: string;
}

/** GitHub discovery (the `github` source). */
export interface GithubConfig {
  token: string;
  org: string;
  /** REST API base URL, https://api.github.com unless GITHUB_API_URL says otherwise. */
  apiUrl: string;
  /** Repositories carrying this topic count as micro apps even without a microapp.yaml. */
  topic?: string;
}

/** How the bot talks to Microsoft Teams. The endpoint is always on; without an app id it serves loopback callers only. */
export interface TeamsConfig {
  /** The Azure bot's Microsoft App ID; absent for local development (no JWT check, loopback callers only). */
  appId?: string;
  appPassword?: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /** The Microsoft Entra tenant the single-tenant bot lives in. */
  tenantId?: string;
  /** Local mode beside Slack still counts as connected (the Bot Framework Emulator next to a Slack workspace). */
  local: boolean;
}

/** Microsoft Graph application credentials (client credentials flow), for Entra groups in roles and discovery. */
export interface GraphConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Graph's base URL, like https://graph.microsoft.com (national clouds and tests differ). */
  apiUrl: string;
  /** The Microsoft identity platform's base URL, like https://login.microsoftonline.com. */
  loginUrl: string;
}

/** The Power Platform inventory, read as a signed-in admin (it refuses app-only tokens) through the Graph app registration. */
export interface PowerPlatformConfig {
  /** The Power Platform API's base URL, like https://api.powerplatform.com. */
  apiUrl: string;
  /** A Power Platform admin's refresh token, issued to the Graph app registration. */
  refreshToken: string;
}

/** Validated configuration, as `loadConfig` reads it from the environment (nothing else reads it). */
/** CI identity tokens: the audience jobs request and the issuers trusted, exactly as tokens carry them in `iss`. */
export interface CiOidcConfig {
  audience: string;
  githubIssuer: string;
  gitlabIssuer: string;
}

export interface Config {
  port: number;
  /** The address to listen on; absent: every interface. */
  host?: string;
  /** Absent when the Slack variables are not set: Slack is off. */
  slack?: SlackConfig;
  /** Absent when SLACK_ADMIN_TOKEN is not set: the `slack` discovery source is off. */
  slackAdmin?: SlackAdminConfig;
  /** Absent when GITHUB_TOKEN and GITHUB_ORG are not set: the `github` discovery source is off. */
  github?: GithubConfig;
  teams: TeamsConfig;
  /** The bot's public https address (for the Teams app package's valid domains). */
  publicUrl?: string;
  database: DatabaseTarget;
  policyDir: string;
  logLevel: LogLevel;
  /** How long a claimed outbox row stays with the worker that claimed it; a crashed worker's rows are sent by another after this. */
  deliveryLeaseMs: number;
  /** Requests a minute each REST API caller may make (and failed sign-ins per address). */
  apiRateLimit: number;
  /** Proxies in front of the bot whose X-Forwarded-For entries are believed, for limits per client address. */
  trustedProxyHops?: number;
  /** Where the audit log's checkpoints are signed and published. */
  audit: AuditConfig;
  /** Where audit events are forwarded for the SIEM (file, syslog, HTTP); empty when none is set. */
  siem: SiemConfig;
  /** Absent unless CI_OIDC_AUDIENCE is set: then GitHub Actions and GitLab CI identity tokens may ask the gate. */
  ciOidc?: CiOidcConfig;
  /** When set, GET /metrics answers only requests with `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Values to blank out of every log line (tokens, passwords). */
  secrets: string[];
  /** When the reminder sweep runs (a cron pattern, UTC); undefined when this process runs no sweeps. */
  reminderSchedule?: string;
  /** The zone the command line writes dates and times in (an IANA name, like Europe/Berlin); UTC when unset. */
  timeZone: string;
  /** Absent when the GRAPH_* credentials are not set: Entra groups cannot be read. */
  graph?: GraphConfig;
  /** Absent unless POWER_PLATFORM_REFRESH_TOKEN and the GRAPH_* credentials are set: the `power-platform` source is off. */
  powerPlatform?: PowerPlatformConfig;
  /** How often the groups roles name are read again. */
  roleGroupsRefreshHours: number;
  /** Hosts and addresses health checks may reach though they are private, loopback or link-local (internal apps). */
  healthCheckAllowedHosts: string[];
  /** Absent when the OIDC_* settings are not set: the dashboard signs in by chat links only. */
  oidc?: OidcConfig;
}

/** Single sign-on to the dashboard with an OpenID Connect provider. */
export interface OidcConfig {
  /** The provider's issuer URL, exactly as its discovery document and ID tokens name it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The audit log's checkpoints: the signing key, where they are published, the log's name. */
export interface AuditConfig {
  /** An Ed25519 private key (PEM); when absent, one is generated at `generatedKeyFile`. */
  keyFile?: string;
  generatedKeyFile: string;
  /** A folder getting one file per checkpoint. */
  checkpointDir?: string;
  /** An HTTP witness each checkpoint is POSTed to. */
  witnessUrl?: string;
  /** The log's name in its checkpoints (and the key's name). */
  origin: string;
}
