import type { Random } from './seeded-random';

/** Words app names are made of: a business area, a subject and a kind of tool. */
export const APP_NAME_PARTS = {
  areas: [
    'Finance', 'Sales', 'Support', 'HR', 'Legal', 'Marketing', 'Ops', 'IT', 'Procurement', 'Facilities',
    'Payroll', 'Security', 'Data', 'Product', 'Design', 'Engineering', 'Field', 'Partner', 'Retail', 'Quality',
  ],
  subjects: [
    'invoice', 'expense', 'renewal', 'ticket', 'onboarding', 'leave', 'contract', 'lead', 'campaign', 'asset',
    'vendor', 'shift', 'incident', 'budget', 'forecast', 'survey', 'inventory', 'training', 'travel', 'meeting',
    'customer', 'release', 'access', 'hiring', 'feedback', 'order', 'shipment', 'license', 'audit', 'timesheet',
    'quote', 'churn', 'content', 'backlog', 'desk', 'badge', 'policy', 'risk', 'capacity', 'roster',
  ],
  kinds: [
    'tracker', 'bot', 'dashboard', 'helper', 'reminder', 'digest', 'router', 'planner', 'checker', 'report',
    'assistant', 'sync', 'portal', 'board', 'nudger', 'summariser', 'scheduler', 'calculator', 'triage', 'log',
  ],
} as const;

/** A plausible app name such as "Finance invoice tracker" (not unique on its own). */
export function appName(random: Random): string {
  const { areas, subjects, kinds } = APP_NAME_PARTS;
  return `${random.pick(areas)} ${random.pick(subjects)} ${random.pick(kinds)}`;
}
