import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(abs, e);
    if (statSync(path).isDirectory()) return sources(relative(ROOT, path));
    return e.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

const imports = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
const all = [...sources('src'), ...sources('adapters'), ...sources('migrations')];

test('each platform SDK is imported only inside its adapter folder', () => {
  const leaks = all.flatMap((file) =>
    imports(file)
      .filter((m) => (m.startsWith('@slack/') && !file.startsWith('adapters/slack/')) || ((m.startsWith('botbuilder') || m.startsWith('botframework-')) && !file.startsWith('adapters/teams/')))
      .map((m) => `${file} imports ${m}`),
  );
  expect(leaks).toEqual([]);
});

test('the metrics library is imported only by its implementation in src/metrics; the core counts through the Metrics port', () => {
  const leaks = all.flatMap((file) => imports(file).filter((m) => m.startsWith('prom-client') && !file.startsWith('src/metrics/')).map((m) => `${file} imports ${m}`));
  expect(leaks).toEqual([]);
  const core = [...sources('src/app'), ...sources('src/domain')].flatMap((f) => imports(f).filter((m) => m.includes('/metrics/')).map((m) => `${f} imports ${m}`));
  expect(core).toEqual([]);
});

/** The composition root wires adapters in; nothing else in src may. */
const COMPOSITION_ROOT = ['src/main.ts', 'src/start-bot.ts'];

test('the core never imports adapters, and migrations never import src', () => {
  const bad = [
    ...sources('src').filter((f) => !COMPOSITION_ROOT.includes(f)).flatMap((f) => imports(f).filter((m) => m.includes('adapters/')).map((m) => `${f} imports ${m}`)),
    ...sources('migrations').flatMap((f) => imports(f).filter((m) => m.includes('/src/') || m.startsWith('../src')).map((m) => `${f} imports ${m}`)),
  ];
  expect(bad).toEqual([]);
});

test('only src/config/config.ts reads process.env', () => {
  const readers = all.filter((f) => f !== 'src/config/config.ts' && /process\.env/.test(readFileSync(join(ROOT, f), 'utf8')));
  expect(readers).toEqual([]);
});

test('the domain layer does no I/O', () => {
  const io = sources('src/domain').flatMap((f) => imports(f).filter((m) => /^(node:)?(fs|net|http|https|child_process)|kysely|pg|better-sqlite3/.test(m)).map((m) => `${f} imports ${m}`));
  expect(io).toEqual([]);
});
