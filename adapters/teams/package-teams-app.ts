import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describeError } from '../../src/views/describe-error';
import type { Config } from '../../src/config/config';
import { loadConfig } from '../../src/config/config';
import { isAppError } from '../../src/domain/errors';
import { zipFiles } from './zip-files';

/** What goes into a Teams app package. */
export interface TeamsPackageOptions {
  /** The Azure bot's Microsoft App ID: the app's id and its bot's id. */
  appId: string;
  /** The bot's https address; its host becomes the package's only valid domain. */
  publicUrl?: string;
  /** Folder with the manifest template and its icons; defaults to `adapters/teams/app-package`. */
  manifestDir?: string;
}

/** The parts of the manifest template this module reads or fills in. */
interface ManifestTemplate {
  id: string;
  icons: { color: string; outline: string };
  bots?: { botId: string }[];
  validDomains?: string[];
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/**
 * The Teams app package (`manifest.json` plus its colour and outline icons, zipped) for one bot:
 * the template's placeholder ids become `appId`, and `validDomains` the host of `publicUrl` when given.
 */
export function buildTeamsPackage(options: TeamsPackageOptions): Buffer {
  if (!GUID.test(options.appId)) throw new TypeError(`buildTeamsPackage: appId must be a GUID, got "${options.appId}"`);
  const dir = options.manifestDir ?? defaultManifestDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestTemplate;
  manifest.id = options.appId;
  for (const bot of manifest.bots ?? []) bot.botId = options.appId;
  if (options.publicUrl !== undefined) manifest.validDomains = [new URL(options.publicUrl).host];
  return zipFiles([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: manifest.icons.color, data: readFileSync(join(dir, manifest.icons.color)) },
    { name: manifest.icons.outline, data: readFileSync(join(dir, manifest.icons.outline)) },
  ]);
}

/** The repository's folder above `from` (the source tree or its build in `dist/`). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

function defaultManifestDir(): string {
  return join(projectRoot(__dirname), 'adapters', 'teams', 'app-package');
}

/** `npm run package:teams [out.zip]`: the package for the configured bot, written to `dist/teams-app.zip` by default. */
function main(args: string[]): number {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!isAppError(error, 'config.invalid')) throw error;
    process.stderr.write(`${describeError(error).text}\n`);
    return 2;
  }
  if (!config.teams.appId) {
    process.stderr.write(
      'Cannot build the Teams app package: MICROSOFT_APP_ID is not set.\n' +
        "Set MICROSOFT_APP_ID to the Azure bot's Microsoft App ID (its Configuration page), with the rest of the bot's settings, and run this again.\n",
    );
    return 2;
  }
  const root = projectRoot(__dirname);
  const out = args[0] ? resolve(args[0]) : join(root, 'dist', 'teams-app.zip');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildTeamsPackage({ appId: config.teams.appId, publicUrl: config.publicUrl }));
  const shown = relative(process.cwd(), out);
  const domains = config.publicUrl ? new URL(config.publicUrl).host : 'none (set PUBLIC_URL to add the bot host)';
  process.stdout.write(
    `Wrote the Teams app package to ${shown.startsWith('..') || isAbsolute(shown) ? out : shown}\n` +
      `  bot id: ${config.teams.appId}\n  valid domains: ${domains}\n` +
      'Next: in Teams choose Apps → Manage your apps → Upload an app, and pick this file (your Teams admin must allow custom apps).\n',
  );
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
