import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const PREFIX = 'microapp-test-run-';
const TEMP_VARS = ['TMPDIR', 'TMP', 'TEMP'] as const;
let outside: Partial<Record<(typeof TEMP_VARS)[number], string>> = {};

/**
 * Makes one temp folder for the whole run and points os.tmpdir() at it (TMPDIR; TMP and TEMP on
 * Windows), so every temp dir a test or helper makes, in any worker, lands inside it. Call it in
 * globalSetup, before jest starts the workers, which inherit the environment. Returns the folder.
 */
export function createTestTempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  outside = Object.fromEntries(TEMP_VARS.map((name) => [name, process.env[name]]));
  for (const name of TEMP_VARS) process.env[name] = root;
  process.env.MICROAPP_TEST_TEMP_ROOT = root;
  return root;
}

/** Removes the run's temp folder with everything the tests left in it, and points os.tmpdir() back where it was. */
export function removeTestTempRoot(): void {
  const root = process.env.MICROAPP_TEST_TEMP_ROOT;
  if (!root || !basename(root).startsWith(PREFIX)) return;
  rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  for (const name of TEMP_VARS) {
    if (outside[name] === undefined) delete process.env[name];
    else process.env[name] = outside[name];
  }
  delete process.env.MICROAPP_TEST_TEMP_ROOT;
}
