#!/usr/bin/env node
/*
 * The "prepare" step's build: compiles the TypeScript into dist/ when the compiler is installed.
 * A production install (`npm ci --omit=dev`) has no TypeScript; it then says so and succeeds, and
 * runs the dist/ built beforehand (see "Run in production" in docs/operations.md).
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [join(__dirname, '..')] });
} catch {
  process.stdout.write(
    'microapp-bot: TypeScript is not installed (production install), so dist/ is not rebuilt. Build it with `npm ci && npm run build` before `npm prune --omit=dev`.\n',
  );
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: join(__dirname, '..'),
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
