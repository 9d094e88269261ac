import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CHANNELS } from '../support/fake-slack';
import type { Fill, SlackHarness } from '../support/slack-harness';
import { startSlackHarness } from '../support/slack-harness';
import { PEOPLE, policyCopy } from '../support/test-policy';
import { waitFor } from '../support/wait-for';
import { parseDatabaseUrl } from '../../src/store/database-target';
import { createKyselyRegistry } from '../../src/store/kysely-registry';

const team: Record<string, Fill> = {
  purpose: 'Routes the support inbox to the right person.',
  backupOwner: 'UPLATFORM',
  businessUnit: 'Support',
  audience: 'team',
  expectedUsers: 12,
  data: ['internal'],
  decommissionPlan: 'Turn the rule off and delete the sheet.',
  controls: ['logging', 'rollback'],
};

const posts = (h: SlackHarness, channel: string) =>
  h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe('a Slack-only install with the shipped routing (Slack and Teams destinations)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ policyDir: policyCopy() });
  });
  afterAll(() => h.close());

  test('start-up names the skipped Teams destinations in one info line, and nobody is alerted', async () => {
    const skipped = h.logs.filter((l) => l.includes('Approval cards skip'));
    expect(skipped).toHaveLength(1);
    expect(JSON.parse(skipped[0]!)).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(
        /"Micro app reviews" \(Teams, tier 2\), "Micro app security reviews" \(Teams, tier 3\): Teams is not connected/,
      ),
    });
    expect(h.logs.join('\n')).not.toMatch(/Teams route|have no destination/);
    await new Promise((r) => setTimeout(r, 300));
    expect(posts(h, 'D-UADMIN')).toHaveLength(0);
  });

  test('a tier-2 app gets its Slack card only: no Teams row, no delivery problem for the admin', async () => {
    expect((await h.register('UOWNER', { ...team, name: 'Inbox router' })).answer).toEqual({ kind: 'closed' });
    await waitFor(() =>
      h.slack.messagesIn(CHANNELS['microapp-reviews']!).some((m) => String(m.text).includes('Inbox router')),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(h.logs.join('\n')).not.toMatch(/could not deliver|could not post/);
    expect(posts(h, 'D-UADMIN')).toHaveLength(0);
    const registry = await createKyselyRegistry(parseDatabaseUrl(h.env.DATABASE_URL)!);
    try {
      const rows = await registry.outbox.list({ states: ['pending', 'sending', 'done', 'undeliverable'], limit: 100 });
      expect(rows.filter((r) => r.recipient.kind === 'channel' && r.recipient.platform === 'teams')).toEqual([]);
    } finally {
      await registry.close();
    }
  });
});

test('a tier whose destinations are all on Teams is a start-up warning and one notice to the Slack admin naming the fix', async () => {
  const dir = policyCopy((d) => {
    const file = join(d, 'policy.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('      - { platform: slack, channel: "#microapp-security-reviews" }\n', ''),
    );
    writeFileSync(
      join(d, 'roles.yaml'),
      stringify({
        roles: {
          reviewer: { description: 'Reviewers', members: [PEOPLE.reviewer] },
          security: { description: 'Security', members: [PEOPLE.security] },
          platform: { description: 'Platform', members: [PEOPLE.platform] },
          'fallback-reviewer': { description: 'Fallback', members: [PEOPLE.reviewer] },
          admin: { description: 'Admins', members: [PEOPLE.admin, 'teams:only-in-teams', 'nobody@example.com'] },
        },
      }),
    );
  });
  const h = await startSlackHarness({ policyDir: dir });
  try {
    const warnings = h.logs.filter((l) => l.includes('approval cards only to'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({
      level: 'warn',
      check: 'routes',
      msg: expect.stringMatching(
        /^doctor: The policy sends tier 3 approval cards only to Teams "Micro app security reviews", but Teams is not configured, so no reviewers' channel gets them\. Fix: .*or add a destination on Slack under routing\."3"\.destinations in .*policy\.yaml\.$/,
      ),
    });
    expect(h.logs.filter((l) => l.includes('"level":"warn"') && l.includes('tier 2'))).toEqual([]);
    await waitFor(() => posts(h, 'D-UADMIN').length === 1);
    const text = JSON.stringify(posts(h, 'D-UADMIN')[0]!.args);
    expect(text).toMatch(/Approval cards have nowhere to go/);
    expect(text).toMatch(/tier 3 approval cards only to Teams, which is not connected/);
    expect(text).toMatch(/routing\.\\"3\\"\.destinations in policies\/policy\.yaml/);
    await h.restart();
    await new Promise((r) => setTimeout(r, 500));
    expect(posts(h, 'D-UADMIN')).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).includes('only-in-teams'))).toEqual(
      [],
    );
    expect(h.logs.join('\n')).not.toMatch(/could not deliver|person_unknown/);
  } finally {
    await h.close();
  }
});
