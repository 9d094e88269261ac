import type { DiscoveredFacts, DiscoveryPage, DiscoverySource } from '../../../src/ports/discovery-source';
import type { SlackScanCursor, SlackScanStep } from './slack-discovery-cursor';
import { decodeSlackCursor, encodeSlackCursor, stepAfter } from './slack-discovery-cursor';
import { rateLimited, slackAnswerError, unreachable } from './slack-discovery-errors';
import type { SlackAppRequest, SlackApprovedApp, SlackIntegrationLog, SlackWorkflow } from './slack-discovery-facts';
import { appRequestFacts, approvedAppFacts, integrationLogFacts, workflowFacts } from './slack-discovery-facts';

/** What the Slack discovery source needs. */
export interface SlackDiscoveryConfig {
  /** An org owner's or admin's user token (xoxp-) with admin.apps:read and admin.workflows:read (Grid) or admin (workspace). */
  adminToken: string;
  /** Web API base URL ending in `/api/`; https://slack.com/api/ when absent. */
  apiUrl?: string;
  /** Items asked for per page (Slack's `limit`/`count`); 100 when absent. */
  pageSize?: number;
  /** The HTTP client; the global fetch when absent. */
  fetch?: typeof fetch;
  /** How long one request may take; 30 s when absent. */
  timeoutMs?: number;
}

/**
 * Slack documents admin.apps.approved.list, admin.apps.requests.list and team.integrationLogs at
 * rate Tier 2 (20+ calls a minute); the scan paces every method at that tier, one call every 3 s.
 */
const TIER_2_PACE_MS = 3_000;

/** The method and the user scope each step needs. */
const STEP_METHOD: Record<SlackScanStep, { method: string; scope: string }> = {
  approved: { method: 'admin.apps.approved.list', scope: 'admin.apps:read' },
  requests: { method: 'admin.apps.requests.list', scope: 'admin.apps:read' },
  ownerless: { method: 'admin.workflows.search', scope: 'admin.workflows:read' },
  workflows: { method: 'admin.workflows.search', scope: 'admin.workflows:read' },
  logs: { method: 'team.integrationLogs', scope: 'admin' },
};

/** The parts of a Web API answer the scan reads; everything else is ignored. */
interface SlackAnswer {
  ok: boolean;
  error?: string;
  needed?: string;
  enterprise_id?: unknown;
  logs?: unknown;
  paging?: { page?: unknown; pages?: unknown } | null;
  response_metadata?: { next_cursor?: unknown } | null;
  approved_apps?: unknown;
  app_requests?: unknown;
  workflows?: unknown;
}

/** Answers from the first admin method that mean "this is a single workspace, not an Enterprise Grid org". */
const NOT_GRID = new Set(['not_an_enterprise', 'feature_not_enabled', 'enterprise_not_found']);

/**
 * The `slack` discovery source: on an Enterprise Grid org it walks approved apps, pending app
 * requests and workflows (ownerless ones first, through the `no_collaborators` filter, so they name
 * nobody); on a single workspace it reads team.integrationLogs. The cursor names the method it is on,
 * so one scan walks every method and a stored cursor resumes mid-way.
 */
export function createSlackDiscoverySource(config: SlackDiscoveryConfig): DiscoverySource {
  const apiUrl = config.apiUrl ?? 'https://slack.com/api/';
  const pageSize = config.pageSize ?? 100;
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? 30_000;

  const call = async (method: string, args: Record<string, string>): Promise<SlackAnswer> => {
    let response: Response;
    try {
      response = await doFetch(new URL(method, apiUrl), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${config.adminToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(args).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unreachable(method, apiUrl, 'could not be reached', error);
    }
    if (response.status === 429) throw rateLimited(method, response.headers.get('retry-after'));
    const text = await response.text();
    if (response.status >= 400) throw unreachable(method, apiUrl, `answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw unreachable(method, apiUrl, 'answered something that is not JSON', error);
    }
    if (typeof body !== 'object' || body === null || typeof (body as { ok?: unknown }).ok !== 'boolean') {
      throw unreachable(method, apiUrl, 'answered JSON without the "ok" field every Slack answer has');
    }
    return body as SlackAnswer;
  };

  /** The first page of a scan: auth.test tells a Grid org (enterprise_id) from a single workspace. */
  const start = async (): Promise<DiscoveryPage> => {
    const answer = await call('auth.test', {});
    if (!answer.ok) throw slackAnswerError('auth.test', answer, 'admin.apps:read');
    const enterpriseId =
      typeof answer.enterprise_id === 'string' && answer.enterprise_id ? answer.enterprise_id : undefined;
    return read(enterpriseId ? { step: 'approved', enterpriseId } : { step: 'logs' });
  };

  const read = async (at: SlackScanCursor): Promise<DiscoveryPage> => {
    const { method, scope } = STEP_METHOD[at.step];
    const args = argsFor(at, pageSize);
    const answer = await call(method, args);
    if (!answer.ok) {
      if (answer.error === 'invalid_cursor' && at.next !== undefined)
        return { items: [], cursor: encodeSlackCursor({ ...at, next: undefined }) };
      if (at.step === 'approved' && NOT_GRID.has(answer.error ?? ''))
        return { items: [], cursor: encodeSlackCursor({ step: 'logs' }) };
      throw slackAnswerError(method, answer, scope);
    }
    if (at.step === 'logs') {
      const logs = objects<SlackIntegrationLog>(answer.logs);
      const page = Number(answer.paging?.page ?? at.next ?? 1);
      const pages = Number(answer.paging?.pages ?? page);
      const more = Number.isFinite(page) && Number.isFinite(pages) && page < pages && logs.length > 0;
      return {
        items: integrationLogFacts(logs),
        cursor: more ? encodeSlackCursor({ step: 'logs', next: String(page + 1) }) : undefined,
      };
    }
    const items = pageItems(at.step, answer);
    const next = typeof answer.response_metadata?.next_cursor === 'string' ? answer.response_metadata.next_cursor : '';
    if (next) return { items, cursor: encodeSlackCursor({ ...at, next }) };
    const following = stepAfter(at.step);
    return {
      items,
      cursor: following ? encodeSlackCursor({ step: following, enterpriseId: at.enterpriseId }) : undefined,
    };
  };

  return {
    name: 'slack',
    paceMs: TIER_2_PACE_MS,
    async scanPage(cursor) {
      const at = cursor === undefined ? undefined : decodeSlackCursor(cursor);
      return at ? read(at) : start();
    },
  };
}

function argsFor(at: SlackScanCursor, pageSize: number): Record<string, string> {
  if (at.step === 'logs') return { count: String(pageSize), page: at.next ?? '1' };
  const args: Record<string, string> = { limit: String(pageSize) };
  if (at.next) args.cursor = at.next;
  if ((at.step === 'approved' || at.step === 'requests') && at.enterpriseId) args.enterprise_id = at.enterpriseId;
  if (at.step === 'ownerless') args.no_collaborators = 'true';
  return args;
}

function pageItems(step: SlackScanStep, answer: SlackAnswer): DiscoveredFacts[] {
  const kept = (facts: (DiscoveredFacts | undefined)[]) => facts.filter((f): f is DiscoveredFacts => f !== undefined);
  switch (step) {
    case 'approved':
      return kept(objects<SlackApprovedApp>(answer.approved_apps).map(approvedAppFacts));
    case 'requests':
      return kept(objects<SlackAppRequest>(answer.app_requests).map(appRequestFacts));
    case 'ownerless':
      return kept(objects<SlackWorkflow>(answer.workflows).map((e) => workflowFacts(e, true)));
    default:
      // Ownerless workflows were reported by the step before, from the no_collaborators search.
      return kept(
        objects<SlackWorkflow>(answer.workflows)
          .filter((e) => Array.isArray(e.collaborators) && e.collaborators.length > 0)
          .map((e) => workflowFacts(e, false)),
      );
  }
}

/** The objects in `value` when it is a list; anything else reads as an empty page. */
function objects<T>(value: unknown): T[] {
  return Array.isArray(value) ? value.filter((e): e is T => typeof e === 'object' && e !== null) : [];
}
