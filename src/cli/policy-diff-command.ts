import { resolve } from 'node:path';
import { diffPolicy } from '../app/policy-tools/diff-policy';
import { loadPolicy } from '../policy/load-policy';
import type { Runtime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/** `microapp policy diff <new-policy-dir> [--json]`: the apps a policy change would move, before it is rolled out. Changes nothing. */
export async function policyDiff(io: CliIo, rt: Runtime, nextDir: string, json: boolean): Promise<ExitCode> {
  const next = await loadPolicy(resolve(io.cwd, nextDir));
  const diff = await diffPolicy(rt.registry, rt.policy, next);
  if (json) {
    io.out(JSON.stringify(diff, null, 2) + '\n');
    return EXIT.ok;
  }
  const lines = [
    `Policy ${diff.from} (running) against ${diff.to} (${nextDir}): ${diff.apps.length} of ${diff.compared} apps would change.`,
  ];
  if (diff.timings.length) lines.push('For every app:', ...diff.timings.map((t) => `  - ${t}`));
  for (const a of diff.apps) lines.push(`  "${a.app}" (${a.status.replace('_', ' ')}): ${a.changes.join('; ')}`);
  io.out(lines.join('\n') + '\n');
  return EXIT.ok;
}
