import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { buildTeamsPackage } from '../../adapters/teams/package-teams-app';
import { readZip } from '../support/read-zip';

const PACKAGE_DIR = join(__dirname, '../../adapters/teams/app-package');
const SCRIPT = join(__dirname, '../../dist/adapters/teams/package-teams-app.js');
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT_ID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';

interface Manifest {
  $schema: string;
  id: string;
  accentColor: string;
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  validDomains?: string[];
}

const template = () => JSON.parse(readFileSync(join(PACKAGE_DIR, 'manifest.json'), 'utf8')) as Manifest;

/**
 * The JSON schema `@microsoft/app-manifest` ships for the manifest's `$schema` URL. Passing it to
 * `validateAgainstSchema` keeps validation offline: without it the package looks for the same file
 * but falls back to downloading the schema when it is missing.
 */
function bundledSchemaFile(manifest: Manifest): string {
  const match =
    /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?(json-schemas\/teams\/v[\w.]+\/MicrosoftTeams\.schema\.json)$/.exec(
      manifest.$schema,
    );
  if (!match) throw new Error(`${manifest.$schema} is not a Teams manifest schema URL`);
  return require.resolve(`@microsoft/app-manifest/build/${match[1]}`);
}

/** Runs in plain Node: `@microsoft/app-manifest` requires the ESM-only `strip-bom`, which Jest's CommonJS runtime cannot load. */
const VALIDATOR = `
const { AppManifestUtils } = require(process.argv[1]);
const { manifest, schemaFile } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const schema = JSON.parse(require('node:fs').readFileSync(schemaFile, 'utf8'));
AppManifestUtils.validateAgainstSchema(manifest, schema).then((errors) => process.stdout.write(JSON.stringify(errors)));
`;

/** `AppManifestUtils.validateAgainstSchema` with the bundled schema: the schema errors, `[]` when valid. */
function validate(manifest: Manifest): string[] {
  const input = JSON.stringify({ manifest, schemaFile: bundledSchemaFile(manifest) });
  const r = spawnSync(process.execPath, ['-e', VALIDATOR, require.resolve('@microsoft/app-manifest')], {
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`the validator failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

/** Width, height and RGBA rows of an 8-bit RGBA, non-interlaced PNG (what the icons are). */
function decodePng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (!ihdr) throw new Error('no IHDR chunk');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect({ bitDepth: ihdr[8], colourType: ihdr[9], interlace: ihdr[12] }).toEqual({
    bitDepth: 8,
    colourType: 6,
    interlace: 0,
  });
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    const up = rows[y - 1] ?? Buffer.alloc(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? line[i - 4]! : 0;
      const b = up[i]!;
      const c = i >= 4 ? up[i - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      line[i] = (line[i]! + predictor) & 0xff;
    }
    rows.push(line);
  }
  return { width, height, pixel: (x, y) => [...rows[y]!.subarray(x * 4, x * 4 + 4)] };
}

function runScript(args: string[], env: Record<string, string>, cwd: string) {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run \`npm run build\` first (\`npm test\` does).`);
  const r = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the Teams app manifest template', () => {
  test('is valid against its schema, checked offline with the schema @microsoft/app-manifest bundles', () => {
    const manifest = template();
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
    );
    expect(validate(manifest)).toEqual([]);
  });

  test('the same validation catches a broken manifest', () => {
    const manifest = template();
    manifest.bots[0]!.botId = 'not-a-guid';
    delete (manifest as Partial<Manifest>).accentColor;
    const errors = validate(manifest);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/bots\/0\/botId must match pattern/),
        expect.stringMatching(/must have required property 'accentColor'/),
      ]),
    );
  });

  test('offers a bot in personal chats, teams and group chats, with the commands people type', () => {
    const [bot] = template().bots;
    expect(bot).toMatchObject({ scopes: ['personal', 'team', 'groupChat'], supportsFiles: false });
    const titles = (scope: string) =>
      bot!.commandLists.find((l) => l.scopes.includes(scope))!.commands.map((c) => c.title);
    const everywhere = ['register', 'list', 'status', 'update', 'recertify', 'transfer', 'decommission', 'help'];
    expect(titles('personal')).toEqual(everywhere);
    expect(titles('team')).toEqual(expect.arrayContaining([...everywhere, 'route']));
    expect(titles('personal')).not.toContain('route');
  });

  test('icons: a 192×192 colour icon on the accent colour, and a 32×32 outline icon in white on transparent', () => {
    const manifest = template();
    const color = decodePng(readFileSync(join(PACKAGE_DIR, manifest.icons.color)));
    expect([color.width, color.height]).toEqual([192, 192]);
    const accent = [1, 3, 5].map((i) => parseInt(manifest.accentColor.slice(i, i + 2), 16));
    expect(color.pixel(96, 10)).toEqual([...accent, 255]);
    expect(color.pixel(96, 181)).toEqual([...accent, 255]);

    const outline = decodePng(readFileSync(join(PACKAGE_DIR, manifest.icons.outline)));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = Array.from({ length: 32 * 32 }, (_, i) => outline.pixel(i % 32, Math.floor(i / 32)));
    expect(pixels.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual([]);
    expect(pixels.filter(([, , , a]) => a === 255).length).toBeGreaterThan(200);
    expect(pixels.filter(([, , , a]) => a === 0).length).toBeGreaterThan(200);
  });
});

describe('buildTeamsPackage', () => {
  test('zips the manifest with the bot id and the public host filled in, and both icons unchanged', () => {
    const files = readZip(buildTeamsPackage({ appId: APP_ID, publicUrl: 'https://microapp.contoso.example/teams' }));
    expect(files.map((f) => f.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files[0]!.data.toString('utf8')) as Manifest;
    expect(manifest).toMatchObject({
      id: APP_ID,
      bots: [{ botId: APP_ID }],
      validDomains: ['microapp.contoso.example'],
    });
    expect(validate(manifest)).toEqual([]);
    expect(files[1]!.data.equals(readFileSync(join(PACKAGE_DIR, 'color.png')))).toBe(true);
    expect(files[2]!.data.equals(readFileSync(join(PACKAGE_DIR, 'outline.png')))).toBe(true);
  });

  test('keeps a non-default port in the valid domain, and leaves the list empty without a public URL', () => {
    const withPort = readZip(buildTeamsPackage({ appId: APP_ID, publicUrl: 'https://bot.contoso.example:8443' }));
    expect(JSON.parse(withPort[0]!.data.toString('utf8'))).toMatchObject({
      validDomains: ['bot.contoso.example:8443'],
    });
    const without = readZip(buildTeamsPackage({ appId: APP_ID }));
    expect(JSON.parse(without[0]!.data.toString('utf8'))).toMatchObject({ id: APP_ID, validDomains: [] });
  });

  test('the same inputs give the same bytes', () => {
    expect(buildTeamsPackage({ appId: APP_ID }).equals(buildTeamsPackage({ appId: APP_ID }))).toBe(true);
  });

  test('refuses an app id that is not a GUID', () => {
    expect(() => buildTeamsPackage({ appId: 'my-bot' })).toThrow(TypeError);
  });
});

describe('npm run package:teams (the built script)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'microapp-teams-package-'));

  test('refuses without MICROSOFT_APP_ID and says how to fix it', () => {
    const r = runScript([join(cwd, 'none.zip')], {}, cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/MICROSOFT_APP_ID is not set/);
    expect(r.err).toMatch(/Set MICROSOFT_APP_ID to the Azure bot's Microsoft App ID/);
    expect(existsSync(join(cwd, 'none.zip'))).toBe(false);
  });

  test('lists configuration problems and exits 2', () => {
    const r = runScript(
      [join(cwd, 'bad.zip')],
      { MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'http://insecure.example' },
      cwd,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^The configuration has problems:/);
    expect(r.err).toMatch(/- MICROSOFT_APP_PASSWORD /);
    expect(r.err).toMatch(/- PUBLIC_URL /);
    expect(existsSync(join(cwd, 'bad.zip'))).toBe(false);
  });

  test('writes a valid package where it is told and says what to do next', () => {
    const env = {
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
      PUBLIC_URL: 'https://microapp.contoso.example',
    };
    const r = runScript(['out/teams-app.zip'], env, cwd);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^Wrote the Teams app package to out\/teams-app\.zip$/m);
    expect(r.out).toMatch(/Apps → Manage your apps → Upload an app/);
    const files = readZip(readFileSync(join(cwd, 'out', 'teams-app.zip')));
    const manifest = JSON.parse(files.find((f) => f.name === 'manifest.json')!.data.toString('utf8')) as Manifest;
    expect(manifest).toMatchObject({
      id: APP_ID,
      bots: [{ botId: APP_ID }],
      validDomains: ['microapp.contoso.example'],
    });
    expect(validate(manifest)).toEqual([]);
  });
});
