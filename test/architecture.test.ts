import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceImport } from './support/import-graph';
import { cyclesOf, folderOf, graphOf, importsOf, sourceFiles } from './support/import-graph';

const ROOT = join(__dirname, '..');
const code = [...sourceFiles(ROOT, 'src'), ...sourceFiles(ROOT, 'adapters')];
const all = [...code, ...sourceFiles(ROOT, 'migrations')];
const imports = importsOf(ROOT, all);
const within = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
const said = (i: SourceImport) => `${i.file} imports ${i.specifier}`;
/** The imports of files matching `from` whose target (or package name) matches `to`. */
const importsFrom = (from: (file: string) => boolean, to: (i: SourceImport) => boolean) =>
  imports.filter((i) => from(i.file) && to(i)).map(said);
const toRepoFile = (pattern: (file: string) => boolean) => (i: SourceImport) =>
  i.target !== undefined && pattern(i.target);

test('each platform SDK is imported only inside its adapter folder', () => {
  const slack = importsFrom(
    (f) => !within('adapters/slack')(f),
    (i) => i.specifier.startsWith('@slack/'),
  );
  const teams = importsFrom(
    (f) => !within('adapters/teams')(f),
    (i) => i.specifier.startsWith('botbuilder') || i.specifier.startsWith('botframework-'),
  );
  expect([...slack, ...teams]).toEqual([]);
});

test('the metrics library is imported only by its implementation in src/metrics; the core counts through the Metrics port', () => {
  expect(
    importsFrom(
      (f) => !within('src/metrics')(f),
      (i) => i.specifier.startsWith('prom-client'),
    ),
  ).toEqual([]);
  expect(
    importsFrom((f) => within('src/app')(f) || within('src/domain')(f), toRepoFile(within('src/metrics'))),
  ).toEqual([]);
});

/** The composition root wires adapters in; nothing else in src may. */
const COMPOSITION_ROOT = ['src/main.ts', 'src/start-bot.ts'];

test('the core never imports adapters, and migrations never import src', () => {
  expect([
    ...importsFrom((f) => within('src')(f) && !COMPOSITION_ROOT.includes(f), toRepoFile(within('adapters'))),
    ...importsFrom(within('migrations'), (i) => i.specifier.includes('/src/') || i.specifier.startsWith('../src')),
  ]).toEqual([]);
});

test('only src/config/config.ts reads process.env', () => {
  const readers = all.filter(
    (f) => f !== 'src/config/config.ts' && /process\.env/.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  expect(readers).toEqual([]);
});

test('the domain layer does no I/O and imports only itself', () => {
  expect(
    importsFrom(within('src/domain'), (i) =>
      /^(node:)?(fs|net|http|https|child_process)|kysely|pg|better-sqlite3/.test(i.specifier),
    ),
  ).toEqual([]);
  expect(
    importsFrom(
      within('src/domain'),
      (i) => i.specifier.startsWith('.') && !within('src/domain')(i.target ?? i.specifier),
    ),
  ).toEqual([]);
});

test('ports import only the domain (the view model is a port)', () => {
  expect(
    importsFrom(
      within('src/ports'),
      (i) =>
        i.specifier.startsWith('.') && !within('src/domain')(i.target ?? '') && !within('src/ports')(i.target ?? ''),
    ),
  ).toEqual([]);
});

test('use cases never import views, delivery, store, http, cli, scheduler, config or adapters', () => {
  const above = [
    'src/views',
    'src/delivery',
    'src/store',
    'src/http',
    'src/cli',
    'src/scheduler',
    'src/config',
    'adapters',
  ];
  expect(
    importsFrom(
      within('src/app'),
      toRepoFile((t) => above.some((dir) => within(dir)(t)) || COMPOSITION_ROOT.includes(t)),
    ),
  ).toEqual([]);
});

test('the policy module never imports use cases, views or delivery', () => {
  expect(
    importsFrom(
      within('src/policy'),
      toRepoFile((t) => ['src/app', 'src/views', 'src/delivery'].some((dir) => within(dir)(t))),
    ),
  ).toEqual([]);
});

test('no import cycle between files or between folders', () => {
  const inCycle = (cycle: string[], by: (file: string) => string) =>
    imports
      .filter(
        (i) => i.target && cycle.includes(by(i.file)) && cycle.includes(by(i.target)) && by(i.file) !== by(i.target),
      )
      .map(said);
  const code = imports.filter((i) => !within('migrations')(i.file));
  expect(cyclesOf(graphOf(code)).map((c) => inCycle(c, (f) => f))).toEqual([]);
  expect(cyclesOf(graphOf(code, folderOf)).map((c) => inCycle(c, folderOf))).toEqual([]);
});

test('src/app holds subject folders, and at its top level only the core and its wiring', () => {
  const files = readdirSync(join(ROOT, 'src/app'), { withFileTypes: true }).filter((e) => !e.isDirectory());
  expect(files.map((e) => e.name).sort()).toEqual(['core.ts', 'create-core.ts']);
});
