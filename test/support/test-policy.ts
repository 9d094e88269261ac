import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadPolicy } from '../../src/policy/load-policy';
import type { Policy } from '../../src/policy/policy';

/** The shipped policy directory. */
export const POLICY_DIR = join(__dirname, '../../policies');

/** Reviewers the test policy knows. */
export const PEOPLE = {
  owner: 'slack:UOWNER',
  backup: 'slack:UBACKUP',
  reviewer: 'slack:UREVIEWER',
  reviewer2: 'slack:UREVIEWER2',
  security: 'slack:USECURITY',
  security2: 'slack:USECURITY2',
  platform: 'slack:UPLATFORM',
  stranger: 'slack:USTRANGER',
  emailReviewer: 'reviewer@example.com',
  admin: 'slack:UADMIN',
} as const;

/** A copy of the shipped policy with `mutate` applied to its files, in a temp dir (inside the run's temp folder, which globalTeardown removes). Returns the dir. */
export function policyCopy(mutate: (dir: string) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-policy-'));
  cpSync(POLICY_DIR, dir, { recursive: true });
  writeFileSync(
    join(dir, 'roles.yaml'),
    stringify({
      roles: {
        reviewer: {
          description: 'Reviewers',
          members: [PEOPLE.reviewer, PEOPLE.reviewer2, PEOPLE.emailReviewer, PEOPLE.owner],
        },
        security: { description: 'Security', members: [PEOPLE.security, PEOPLE.security2, PEOPLE.backup] },
        platform: { description: 'Platform', members: [PEOPLE.platform, PEOPLE.security] },
        'fallback-reviewer': { description: 'Fallback', members: [PEOPLE.reviewer2] },
        admin: { description: 'Admins', members: [PEOPLE.admin] },
      },
    }),
  );
  mutate(dir);
  return dir;
}

/** The shipped policy with test reviewers. */
export function loadTestPolicy(): Promise<Policy> {
  return loadPolicy(policyCopy());
}

/** Removes the Teams destinations from a policy copy, for Slack-only runs (Teams would otherwise hold cards for a route nobody set). */
export function withoutTeams(dir: string): void {
  const file = join(dir, 'policy.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/platform:\s*teams/.test(l))
      .join('\n'),
  );
}
