import type { AppRecord } from '../domain/app-record';
import type { Notice } from '../domain/outbound';
import type { View } from '../ports/view-model';
import { STATUS_WORDS, personName } from './wording';
import { ACTIONS } from './action-ids';
import { exceptionNotice } from './exception-notice';
import { healthNotice } from './health-notice';
import { roleLabel } from '../policy/role-label';

const PLATFORM_NAMES = { slack: 'Slack', teams: 'Teams' } as const;

/** What a notice needs besides itself: the app it is about (as it is now) and display names. */
export interface NoticeContext {
  app?: AppRecord;
  names: Record<string, string>;
  timeZone?: string;
}

/** A short note about something that happened: a hand-over, a retirement, a delivery problem. */
export function noticeView(notice: Notice, { app, names, timeZone }: NoticeContext): View {
  const who = (ref: string) => personName(ref, names);
  const appName = app?.name ?? 'an app';
  switch (notice.type) {
    case 'exception_granted':
    case 'exception_ended':
      return exceptionNotice(notice, app, names, timeZone);
    case 'health_failing':
    case 'health_recovered':
    case 'health_escalated':
      return healthNotice(notice, app, names, timeZone);
    case 'registered_for_you':
      return {
        title: `${appName}: registered for you`,
        blocks: [
          {
            type: 'text',
            text: `${who(notice.by)} registered "${appName}" and named you as its owner. You are accountable for it now.`,
          },
          {
            type: 'context',
            text: `It is ${STATUS_WORDS[app?.status ?? 'pending_review'].toLowerCase()}. /microapp status ${appName} shows where it stands.`,
          },
        ],
      };
    case 'app_transferred':
      return {
        title: `${appName}: new owner`,
        blocks: [
          {
            type: 'text',
            text: `${who(notice.by)} handed "${appName}" from ${who(notice.from)} to ${who(notice.to)}.`,
          },
          {
            type: 'context',
            text: `${who(notice.to)} is accountable for it now. /microapp status ${appName} shows where it stands.`,
          },
        ],
      };
    case 'app_decommissioned':
      return {
        title: `${appName}: decommissioned`,
        blocks: [
          {
            type: 'text',
            text: `${who(notice.by)} decommissioned "${appName}", confirming its decommission plan was carried out and its data purged. Thank you for retiring it cleanly.`,
          },
        ],
      };
    case 'delivery_problem':
      return {
        title: 'microapp-bot could not deliver a message',
        blocks: [
          { type: 'text', text: `I could not ${notice.what} in ${notice.where} (${notice.code}).`, tone: 'danger' },
          { type: 'text', text: `Fix: ${notice.fix}` },
          {
            type: 'context',
            text: 'microapp deliveries --status undeliverable lists what did not go out. I will not repeat this alert for an hour.',
          },
        ],
      };
    case 'person_unreachable':
      return {
        title: 'microapp-bot could not reach someone',
        blocks: [
          {
            type: 'text',
            text: `I could not ${notice.what}: ${who(notice.ref)} is not known on any connected chat platform, or their account is gone.`,
            tone: 'danger',
          },
          {
            type: 'text',
            text: `Fix: check the address${app ? `, or hand "${appName}" to someone else with /microapp transfer` : ''}.`,
          },
        ],
      };
    case 'incident_opened':
      return {
        title: `${appName}: incident reported`,
        blocks: [
          {
            type: 'text',
            text: `${who(notice.by)} reported an incident with "${appName}": ${notice.summary}`,
            tone: 'danger',
          },
          {
            type: 'context',
            text: 'Security takes it with Acknowledge. The owner records the root-cause analysis once it is done; I remind both until then.',
          },
          {
            type: 'actions',
            buttons: [
              {
                actionId: ACTIONS.acknowledgeIncident,
                label: 'Acknowledge',
                value: notice.incidentId,
                style: 'primary',
              },
              { actionId: ACTIONS.resolveIncident, label: 'Root cause recorded', value: notice.incidentId },
            ],
          },
        ],
      };
    case 'purge_not_done': {
      const what =
        notice.obligation === 'test_data'
          ? 'the test data it used in a sandbox'
          : app?.retentionDays
            ? `data older than its ${app.retentionDays}-day retention window`
            : 'data older than its retention window';
      return {
        title: `${appName}: data not purged`,
        blocks: [
          { type: 'text', text: `${who(notice.by)} says ${what} of "${appName}" has not been purged.`, tone: 'danger' },
          {
            type: 'context',
            text: `Please follow up with them. They confirm in their reminder once it is done; I keep reminding them until then.`,
          },
        ],
      };
    }
    case 'tier_unrouted': {
      const tiers = notice.tiers.map((t) => `tier ${t}`).join(' and ');
      const on = notice.connected.map((p) => PLATFORM_NAMES[p]).join(' or ') || 'a connected chat platform';
      const off = notice.skipped.map((p) => PLATFORM_NAMES[p]).join(' and ');
      const example =
        notice.connected[0] === 'teams'
          ? '{ platform: teams, channel: "Micro app reviews" }'
          : '{ platform: slack, channel: "#microapp-reviews" }';
      return {
        title: 'Approval cards have nowhere to go',
        blocks: [
          {
            type: 'text',
            text: `The routing in policies/policy.yaml sends ${tiers} approval cards ${off ? `only to ${off}, which is not connected` : 'nowhere'}, so no reviewers' channel on ${on} gets them. Reviews still open, but no reviewer is shown their card.`,
            tone: 'warning',
          },
          {
            type: 'text',
            text: `Fix: under routing."${notice.tiers[0] ?? 2}".destinations in policies/policy.yaml add a destination on ${on}, like ${example}, then restart${off ? `; or connect ${off} (see the README)` : ''}. Then microapp reviews repost <app> posts the card of a review already waiting.`,
          },
        ],
      };
    }
    case 'role_unheld':
      return {
        title: `Nobody holds the ${roleLabel(notice.role).toLowerCase()} role`,
        blocks: [
          {
            type: 'text',
            text: `"${appName}" waits for an approval from the ${roleLabel(notice.role).toLowerCase()} role, which nobody holds, so nobody can approve it. Until someone does, its reminders and escalation come to admins.`,
            tone: 'warning',
          },
          {
            type: 'text',
            text: `Fix: add people (slack:U…, teams:<AAD object id> or an email) to roles.${notice.role}.members in policies/roles.yaml and restart. I tell admins about this role at most once a day.`,
          },
        ],
      };
    case 'route_missing': {
      const tiers = notice.tiers.map((t) => `tier ${t}`).join(' and ');
      return {
        title: 'Approval cards have nowhere to go in Teams',
        blocks: [
          {
            type: 'text',
            text: `The policy sends ${tiers} approval cards to the Teams route "${notice.route}", but no channel has been given that route yet, so those cards wait.`,
            tone: 'warning',
          },
          {
            type: 'text',
            text: `Fix: add the bot to the reviewers' team, then in their channel type "@microapp route tier ${notice.tiers[0] ?? 2} here". Waiting cards are posted there at once. Or remove the destination from policies/policy.yaml.`,
          },
        ],
      };
    }
  }
}
