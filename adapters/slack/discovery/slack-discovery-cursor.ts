/** The Slack Web API methods a scan walks, in order: the three Enterprise Grid admin lists, or the workspace's integration log. */
export const SLACK_SCAN_STEPS = ['approved', 'requests', 'ownerless', 'workflows', 'logs'] as const;
export type SlackScanStep = (typeof SLACK_SCAN_STEPS)[number];

/** Where a Slack scan stands: the method it is on, the org it reads, and the method's own page marker. */
export interface SlackScanCursor {
  step: SlackScanStep;
  /** The Enterprise Grid org (from auth.test); absent on a single workspace. */
  enterpriseId?: string;
  /** `response_metadata.next_cursor` for the admin methods, the page number for team.integrationLogs. */
  next?: string;
}

/** Writes a cursor the runner stores between pages. */
export function encodeSlackCursor(cursor: SlackScanCursor): string {
  return JSON.stringify(cursor);
}

/** Reads a stored cursor; undefined when it is not one this connector wrote (the scan then starts over). */
export function decodeSlackCursor(text: string): SlackScanCursor | undefined {
  try {
    const value = JSON.parse(text) as Partial<SlackScanCursor>;
    if (!SLACK_SCAN_STEPS.includes(value.step as SlackScanStep)) return undefined;
    if (value.enterpriseId !== undefined && typeof value.enterpriseId !== 'string') return undefined;
    if (value.next !== undefined && typeof value.next !== 'string') return undefined;
    return { step: value.step as SlackScanStep, enterpriseId: value.enterpriseId, next: value.next };
  } catch {
    return undefined;
  }
}

/** The step after `step` on an Enterprise Grid org; undefined after the last. */
export function stepAfter(step: SlackScanStep): SlackScanStep | undefined {
  const order: SlackScanStep[] = ['approved', 'requests', 'ownerless', 'workflows'];
  const at = order.indexOf(step);
  return at >= 0 ? order[at + 1] : undefined;
}
