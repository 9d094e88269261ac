import { encodeAddress } from '../adapters/teams/teams-address';
import type { TeamsAddress, TeamsMember } from '../adapters/teams/teams-address';
import type { Actor } from '../src/domain/actor';
import type { Logger } from '../src/log/logger';
import type { MessageRef } from '../src/ports/messenger';
import { openRuntime } from '../src/runtime';
import { appName } from './app-names';
import { seededRandom } from './seeded-random';
import type { BenchTeamsUser } from './teams-invoke-activities';
import { ADMIN, BENCH_BOT, BENCH_TENANT, REVIEW_CHANNEL_ID, owner, teamsRef } from './teams-invoke-activities';

/** An open tier 2 review and the id of its card's post in the reviewers' channel. */
export interface SeededReview {
  reviewId: string;
  cardId: string;
}

const SETUP_WORKER = 'bench-setup';

/**
 * Brings a fresh database to the state of a bot that has been running in Teams for a while, through
 * the core and the stores' own ports: an admin routed the reviewers' channel; `count` owners, each
 * known to the people directory with their personal chat stored, registered a team app (tier 2,
 * one reviewer approval) in Teams; and everything that queued was delivered: every approval card
 * posted in the reviewers' channel (its copy recorded, so a decision updates it) and every owner
 * told their assessment. The outbox is left empty, so the bot starts with nothing to send.
 */
export async function seedTeamsReviews(
  databaseFile: string,
  policyDir: string,
  serviceUrl: string,
  count: number,
  logger: Logger,
): Promise<SeededReview[]> {
  const runtime = await openRuntime({ database: { kind: 'sqlite', file: databaseFile }, policyDir }, logger);
  try {
    const { core, registry, directory } = runtime;
    const at = () => new Date().toISOString();
    const channel: TeamsAddress = {
      serviceUrl,
      conversationId: REVIEW_CHANNEL_ID,
      tenantId: BENCH_TENANT,
      botId: BENCH_BOT.id,
    };
    const channelAddress = encodeAddress(channel);
    await core.routeChannel(
      { platform: 'teams', asked: '2', address: channelAddress, place: 'Micro app reviews' },
      teamsActor(ADMIN),
    );

    const random = seededRandom(20261121);
    const reviews: string[] = [];
    const chats = new Map<string, string>();
    for (let i = 0; i < count; i++) {
      const o = owner(i);
      const chat = encodeAddress({ serviceUrl, conversationId: o.chatId, tenantId: BENCH_TENANT, botId: BENCH_BOT.id });
      const member: TeamsMember = {
        serviceUrl,
        conversationId: o.chatId,
        tenantId: BENCH_TENANT,
        botId: BENCH_BOT.id,
        userId: o.id,
      };
      await directory.remember({
        ref: teamsRef(o),
        email: o.email,
        displayName: o.name,
        timeZone: 'Europe/Berlin',
        active: true,
        seenAt: at(),
      });
      await registry.addresses.put('teams', `user:${o.aadObjectId}`, encodeAddress(member), at());
      await registry.addresses.put('teams', `chat:${o.aadObjectId}`, chat, at());
      chats.set(teamsRef(o), chat);
      const result = await core.submitRegistration(
        {
          name: `${appName(random)} ${i}`,
          purpose: 'Routes the support inbox to the right person.',
          owner: teamsRef(o),
          businessUnit: 'Operations',
          audience: 'team',
          expectedUsers: 12,
          dataClassification: 'internal',
          backupOwner: `backup${i}@example.com`,
          decommissionPlan: 'Turn the rule off and delete the sheet.',
          controls: ['logging', 'rollback'],
        },
        teamsActor(o),
      );
      if (result.assessment.tier !== 2 || !result.review || result.review.status !== 'open') {
        throw new Error(`bench registration ${i} landed in tier ${result.assessment.tier} without an open review`);
      }
      reviews.push(result.review.id);
    }

    // Deliver what the registrations queued, as the bot's worker would have.
    const cards = new Map<string, string>();
    let messageSerial = 0;
    const messageId = () => String(1_600_000_000_000 + ++messageSerial);
    for (;;) {
      const rows = await registry.outbox.claim({
        owner: SETUP_WORKER,
        now: at(),
        leaseUntil: new Date(Date.now() + 3_600_000).toISOString(),
        limit: 500,
        skipLanes: [],
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        const { recipient, message } = row;
        let ref: MessageRef;
        if (recipient.kind === 'channel' && message.view === 'approval_card') {
          ref = { platform: 'teams', address: channelAddress, id: messageId() };
          await registry.cards.save(message.reviewId, row.id, ref, at());
          cards.set(message.reviewId, ref.id);
        } else if (recipient.kind === 'person' && chats.has(recipient.ref)) {
          ref = { platform: 'teams', address: chats.get(recipient.ref)!, id: messageId() };
        } else {
          throw new Error(
            `bench setup did not expect an outbox row for ${JSON.stringify(recipient)} (${message.view})`,
          );
        }
        await registry.outbox.complete(row.id, SETUP_WORKER, at(), ref);
      }
    }
    const left = await registry.outbox.counts();
    if (left.pending + left.sending > 0)
      throw new Error(`bench setup left messages in the outbox: ${JSON.stringify(left)}`);
    return reviews.map((reviewId) => {
      const cardId = cards.get(reviewId);
      if (!cardId) throw new Error(`review ${reviewId} got no approval card in the reviewers' channel`);
      return { reviewId, cardId };
    });
  } finally {
    await runtime.close();
  }
}

function teamsActor(u: BenchTeamsUser): Actor {
  return {
    platform: 'teams',
    tenant: BENCH_TENANT,
    userId: u.aadObjectId,
    email: u.email,
    displayName: u.name,
    timeZone: 'Europe/Berlin',
  };
}
