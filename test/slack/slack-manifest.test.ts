import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../manifest.json'), 'utf8'));

/** The parts of Slack's manifest schema that matter to this app, checked strictly. */
const slackManifest = z.object({
  _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int() }),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/),
  }),
  features: z.strictObject({
    app_home: z.strictObject({
      home_tab_enabled: z.literal(true),
      messages_tab_enabled: z.boolean(),
      messages_tab_read_only_enabled: z.boolean(),
    }),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.strictObject({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000),
          should_escape: z.boolean(),
          url: z.url().optional(),
        }),
      )
      .min(1)
      .max(50),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string().max(50)) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ bot_events: z.array(z.string()), request_url: z.url().optional() }),
    interactivity: z.strictObject({ is_enabled: z.literal(true), request_url: z.url().optional() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

test('manifest.json has the shape Slack accepts for "create app from manifest"', () => {
  expect(slackManifest.safeParse(manifest).error?.issues ?? []).toEqual([]);
});

test('manifest.http.json is the same app for HTTP mode: Socket Mode off, every request URL on /slack/events', () => {
  const http = JSON.parse(readFileSync(join(__dirname, '../../manifest.http.json'), 'utf8'));
  expect(slackManifest.safeParse(http).error?.issues ?? []).toEqual([]);
  expect(http.settings.socket_mode_enabled).toBe(false);
  const urls = [
    http.features.slash_commands[0].url,
    http.settings.event_subscriptions.request_url,
    http.settings.interactivity.request_url,
  ];
  expect(urls).toEqual(Array(3).fill('https://microapp.example.com/slack/events'));
  const strip = (m: any) => {
    const copy = structuredClone(m);
    delete copy.features.slash_commands[0].url;
    delete copy.settings.event_subscriptions.request_url;
    delete copy.settings.interactivity.request_url;
    copy.settings.socket_mode_enabled = true;
    return copy;
  };
  expect(strip(http)).toEqual(manifest);
});

test('it declares /microapp with escaped mentions, App Home and interactivity', () => {
  expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/microapp']);
  // Escaping turns "@ana" into <@U…|ana>, which is how `transfer <app> @user` learns the user id.
  expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
});

test('it asks for exactly the least-privilege bot scopes the operations guide explains', () => {
  const scopes: string[] = manifest.oauth_config.scopes.bot;
  expect([...scopes].sort()).toEqual([
    'channels:history',
    'channels:read',
    'chat:write',
    'commands',
    'groups:history',
    'groups:read',
    'im:history',
    'im:write',
    'usergroups:read',
    'users:read',
    'users:read.email',
  ]);
  const guide = readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8');
  const from = guide.indexOf('### The Slack app manifest and its scopes');
  const table = guide.slice(from, guide.indexOf('\n## ', from));
  for (const scope of scopes) expect(table).toMatch(new RegExp(`^\\| [^\\n]*\`${scope.replace('.', '\\.')}\``, 'm'));
});
