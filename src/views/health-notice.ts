import type { AppRecord } from '../domain/app-record';
import type { HealthNotice } from '../domain/outbound';
import type { View } from '../ports/view-model';
import { ACTIONS } from './action-ids';
import { day, moment, personName, plural } from './wording';

/** The owner's note that an app fails its health checks or answers again, and the admins' note that failing has lasted. */
export function healthNotice(
  notice: HealthNotice,
  app: AppRecord | undefined,
  names: Record<string, string>,
  timeZone?: string,
): View {
  const appName = app?.name ?? 'an app';
  switch (notice.type) {
    case 'health_failing':
      return {
        title: `${appName}: failing its health check`,
        blocks: [
          {
            type: 'text',
            text: `"${appName}" has failed its last ${plural(notice.failures, 'health check')} in a row, since ${moment(notice.since, timeZone)}. The last check: ${notice.reason}.`,
            tone: 'danger',
          },
          {
            type: 'context',
            text: `Fix the app or its health endpoint (it should answer {"status": "ok"}), or change the endpoint with Change details. I tell you once it answers again; if it still fails after ${plural(notice.escalateAfterDays, 'day')}, the admins are told.`,
          },
          {
            type: 'actions',
            buttons: [{ actionId: ACTIONS.changeApp, label: 'Change details', value: appName }],
          },
        ],
      };
    case 'health_recovered':
      return {
        title: `${appName}: health check passing again`,
        blocks: [
          {
            type: 'text',
            text: `"${appName}" answers its health check again${notice.status === 'degraded' ? ', though it says it is degraded' : ''}. It had been failing since ${moment(notice.failingSince, timeZone)}.`,
          },
        ],
      };
    case 'health_escalated':
      return {
        title: `${appName}: failing its health check for days`,
        blocks: [
          {
            type: 'text',
            text: `"${appName}" (owner: ${personName(notice.owner, names)}) has failed every health check since ${moment(notice.since, timeZone)}. The last check: ${notice.reason}.`,
            tone: 'danger',
          },
          {
            type: 'context',
            text: `Its owner was told on ${day(notice.ownerToldAt, timeZone)}. Please follow up with them, or decommission the app if nobody needs it; microapp show "${appName}" shows its details. I tell admins once per failing spell.`,
          },
        ],
      };
  }
}
