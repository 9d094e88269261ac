import { createHash } from 'node:crypto';
import { ManifestTextProblem, parseManifestText } from '../../domain/parse-manifest-text';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../client-address';
import type { Core } from '../../app/core';
import { MAX_PAGE, MAX_SEARCH } from '../../app/queries/list-apps';
import type { Actor } from '../../domain/actor';
import type { AppStatus } from '../../domain/app-record';
import { APP_STATUSES } from '../../domain/app-record';
import { isAppError } from '../../domain/errors';
import type { ErrorCode } from '../../domain/errors';
import { ownerNames } from '../../app/queries/export-apps';
import type { PeopleDirectory } from '../../people/people-directory';
import { ownerKeys } from '../../people/owner-keys';
import type { CiIdentityVerifier } from '../../ports/ci-identity';
import type { Clock } from '../../ports/clock';
import type { Registry } from '../../ports/registry';
import { appJson } from '../../views/app-json';
import { describeError } from '../../views/describe-error';
import type { HttpServer } from '../http-server';
import { sendJson } from '../http-server';
import type { ApiPrincipal } from './api-principal';
import { allowed, principalOf } from './api-principal';
import { readJson } from './json-body';
import { OPENAPI_DOCUMENT } from './openapi-document';
import { sendProblem } from './problem';
import type { RateLimiter } from './rate-limiter';
import { bindCiIdentity } from './bind-ci-identity';

/** A manifest is a few KB; this is far past any real one. */
const MANIFEST_BYTES = 256 * 1024;
/** The gate's body carries an SBOM too. */
const GATE_BYTES = 10 * 1024 * 1024;
/** Kept responses to `Idempotency-Key`s are forgotten after a day. */
const KEEP_RESPONSES_MS = 24 * 3_600_000;
const AUDIT_PAGE = 200;

/** What the REST API needs from the bot. */
export interface ApiDeps {
  core: Pick<
    Core,
    'authenticateApiToken' | 'checkGate' | 'describeApp' | 'listApps' | 'resolveApp' | 'submitRegistration'
  >;
  registry: Pick<Registry, 'audit' | 'read' | 'transaction'>;
  directory: Pick<PeopleDirectory, 'known' | 'lookup' | 'named'>;
  clock: Clock;
  limiter: RateLimiter;
  /** Proxies in front of the bot (TRUSTED_PROXY_HOPS): failed sign-ins are counted per client address behind them. */
  trustedProxyHops?: number;
  ci?: CiIdentityVerifier;
  /** Called after a registration queued messages, so they go out at once. */
  onQueued?: () => void;
}

/** HTTP statuses of the core's refusals; anything unlisted is 422 (the request was understood and refused). */
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  'app.not_found': 404,
  'app.not_owner': 403,
  'registration.name_taken': 409,
  'store.conflict': 409,
};

/**
 * Mounts the REST API under `/api/v1`: the OpenAPI document (public), the registry's apps (read),
 * registration (register, with `Idempotency-Key`), the gate (gate) and an app's audit events
 * (read). Every error is `application/problem+json`; each caller is rate-limited.
 */
export function mountApi(http: HttpServer, deps: ApiDeps): void {
  const guarded =
    (
      scope: 'read' | 'gate' | 'register',
      handle: (
        req: IncomingMessage,
        res: ServerResponse,
        caller: ApiPrincipal,
        params: Record<string, string>,
      ) => Promise<void>,
    ) =>
    async (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => {
      const failures = `failed:${clientAddress(req, deps.trustedProxyHops ?? 0)}`;
      const blocked = deps.limiter.peek(failures);
      if (blocked) return tooMany(res, blocked);
      const caller = await principalOf(req, res, { authenticate: deps.core.authenticateApiToken, ci: deps.ci });
      if (!caller) return void deps.limiter.take(failures);
      if (!allowed(res, caller, scope)) return;
      const callerWait = deps.limiter.take(caller.key);
      if (callerWait) return tooMany(res, callerWait);
      try {
        await handle(req, res, caller, params);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const words = describeError(error);
        sendProblem(res, STATUS_OF[error.code] ?? 422, {
          code: error.code.replace('.', '_'),
          title: 'The request was refused',
          detail: words.text,
          ...(words.fieldErrors && {
            errors: words.fieldErrors.map(({ field, path, message }) => ({ field, path, message })),
          }),
        });
      }
    };

  http.route('GET', '/api/v1/openapi.json', (_req, res) => sendJson(res, 200, OPENAPI_DOCUMENT));

  http.route(
    'GET',
    '/api/v1/apps',
    guarded('read', async (req, res) => {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const status = q.get('status') ?? undefined;
      const limit = q.get('limit') ?? undefined;
      const problem =
        status && !APP_STATUSES.includes(status as AppStatus)
          ? `status must be one of: ${APP_STATUSES.join(', ')}.`
          : limit && !(/^\d+$/.test(limit) && Number(limit) >= 1 && Number(limit) <= MAX_PAGE)
            ? `limit must be a whole number from 1 to ${MAX_PAGE}, like 50; for more apps, ask for the next page with the next of this one.`
            : (q.get('search')?.length ?? 0) > MAX_SEARCH
              ? `search can be at most ${MAX_SEARCH} characters.`
              : (q.get('owner')?.length ?? 0) > 254 || (q.get('next')?.length ?? 0) > 500
                ? 'owner is an email, a user ref or a name, and next the cursor of a previous page; one of them is far too long.'
                : undefined;
      if (problem)
        return sendProblem(res, 400, { code: 'bad_query', title: 'A query parameter is not valid', detail: problem });
      const owner = q.get('owner');
      const owners = owner ? await ownerKeys(deps.directory, owner) : undefined;
      if (owners?.length === 0) return sendJson(res, 200, { apps: [], next: null });
      const page = await deps.core.listApps({
        status: status as AppStatus | undefined,
        owners,
        search: q.get('search') ?? undefined,
        limit: limit ? Number(limit) : undefined,
        after: q.get('next') ?? undefined,
      });
      const people = await deps.directory.known(page.apps.flatMap((a) => [a.owner, a.backupOwner]));
      sendJson(res, 200, { apps: page.apps.map((a) => ({ ...a, ...ownerNames(a, people) })), next: page.next ?? null });
    }),
  );

  http.route(
    'GET',
    '/api/v1/apps/{id}',
    guarded('read', async (_req, res, _caller, params) => {
      const d = await deps.core.describeApp((await deps.core.resolveApp(decoded(params.id))).id);
      if (!d) return notFound(res, params.id);
      const people = await deps.directory.known([
        d.app.owner,
        d.app.backupOwner,
        d.revision.manifest.owner,
        d.revision.manifest.backupOwner,
      ]);
      sendJson(res, 200, appJson(d, people));
    }),
  );

  http.route(
    'GET',
    '/api/v1/apps/{id}/audit',
    guarded('read', async (req, res, _caller, params) => {
      const app = await deps.core.resolveApp(decoded(params.id));
      const after = new URL(req.url ?? '/', 'http://localhost').searchParams.get('after') ?? '0';
      if (!/^\d{1,15}$/.test(after))
        return sendProblem(res, 400, {
          code: 'bad_query',
          title: 'A query parameter is not valid',
          detail: 'after must be the next value of a previous page (a whole number).',
        });
      const events = await deps.registry.audit.eventsOfApp(app.id, Number(after), AUDIT_PAGE + 1);
      const page = events.slice(0, AUDIT_PAGE);
      sendJson(res, 200, {
        app: { id: app.id, name: app.name },
        events: page,
        next: events.length > AUDIT_PAGE ? String(page.at(-1)!.seq) : null,
      });
    }),
  );

  http.route(
    'POST',
    '/api/v1/apps',
    guarded('register', async (req, res, caller) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)))
        return sendProblem(res, 400, {
          code: 'bad_idempotency_key',
          title: 'The Idempotency-Key is not valid',
          detail:
            'Use up to 200 visible ASCII characters, e.g. a UUID, the same one on every retry of one registration.',
        });
      const input = await readJson(req, res, MANIFEST_BYTES);
      if (input === undefined) return;
      const actor: Actor = { platform: 'api', userId: caller.name };
      if (!key) return sendJson(res, 201, await register(input, actor));
      const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const now = deps.clock.now();
      await deps.registry.transaction((tx) =>
        tx.apiTokens.purge(new Date(now.getTime() - KEEP_RESPONSES_MS).toISOString()),
      );
      const claimed = await deps.registry.transaction((tx) =>
        tx.apiTokens.reserve(key, caller.key, hash, now.toISOString()),
      );
      if (!claimed) {
        const kept = await deps.registry.read((tx) => tx.apiTokens.keptResponse(key, caller.key));
        if (kept && kept.requestHash !== hash)
          return sendProblem(res, 422, {
            code: 'idempotency_key_reused',
            title: 'The Idempotency-Key was used for another request',
            detail: 'This key already registered a different manifest: use a new key for a new registration.',
          });
        if (!kept || kept.status === 0)
          return sendProblem(
            res,
            409,
            {
              code: 'in_progress',
              title: 'The first request with this key is still being answered',
              detail: 'Retry in a second.',
            },
            { 'retry-after': '1' },
          );
        res.writeHead(kept.status, {
          'content-type':
            kept.status < 300 ? 'application/json; charset=utf-8' : 'application/problem+json; charset=utf-8',
          'idempotent-replayed': 'true',
        });
        return void res.end(kept.body);
      }
      try {
        const body = JSON.stringify(await register(input, actor));
        await deps.registry.transaction((tx) => tx.apiTokens.complete(key, caller.key, 201, body));
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
        res.end(body);
      } catch (error) {
        if (isAppError(error)) {
          const words = describeError(error);
          const status = STATUS_OF[error.code] ?? 422;
          const body = JSON.stringify({
            type: `urn:microapp:problem:${error.code.replace('.', '_')}`,
            status,
            title: 'The request was refused',
            detail: words.text,
            ...(words.fieldErrors && { errors: words.fieldErrors }),
          });
          await deps.registry.transaction((tx) => tx.apiTokens.complete(key, caller.key, status, body));
        } else await deps.registry.transaction((tx) => tx.apiTokens.release(key, caller.key));
        throw error;
      }
    }),
  );

  http.route(
    'POST',
    '/api/v1/gate',
    guarded('gate', async (req, res, caller) => {
      const body = await readJson(req, res, GATE_BYTES);
      if (body === undefined) return;
      if (!body || typeof body !== 'object' || Array.isArray(body) || !('manifest' in body))
        return sendProblem(res, 400, {
          code: 'bad_request',
          title: 'The body must name the manifest',
          detail:
            'Send {"manifest": {…the microapp.yaml as JSON…} or "…its YAML text…", "sbom": {…CycloneDX or SPDX JSON…}} (sbom is optional).',
        });
      const { sbom } = body as { sbom?: unknown };
      let { manifest } = body as { manifest: unknown };
      if (typeof manifest === 'string') {
        try {
          manifest = parseManifestText(manifest, 'The manifest');
        } catch (error) {
          if (!(error instanceof ManifestTextProblem)) throw error;
          return sendProblem(res, 400, {
            code: 'bad_manifest_text',
            title: 'The manifest is not readable',
            detail: error.message,
          });
        }
      }
      if (caller.kind === 'ci') {
        const refusal = await bindCiIdentity(deps, caller.identity, manifest);
        if (refusal)
          return sendProblem(res, 403, {
            code: 'repository_mismatch',
            title: 'This CI job may not ask for this app',
            detail: refusal,
          });
      }
      const result = await deps.core.checkGate({
        manifest,
        sbom: sbom === undefined || sbom === null ? undefined : typeof sbom === 'string' ? sbom : JSON.stringify(sbom),
      });
      sendJson(res, 200, result);
    }),
  );

  async function register(input: unknown, actor: Actor) {
    const result = await deps.core.submitRegistration(input, actor);
    deps.onQueued?.();
    return {
      id: result.app.id,
      name: result.app.name,
      status: result.app.status,
      tier: result.app.tier,
      expiresAt: result.app.expiresAt ?? null,
      revision: result.revision.number,
      ...('changes' in result && { changes: result.changes }),
    };
  }
}

function decoded(id: string | undefined): string {
  try {
    return decodeURIComponent(id ?? '');
  } catch {
    return id ?? '';
  }
}

function notFound(res: ServerResponse, id: string | undefined): void {
  sendProblem(res, 404, {
    code: 'app_not_found',
    title: 'No such app',
    detail: `No app has the id or name "${decoded(id).slice(0, 80)}".`,
  });
}

function tooMany(res: ServerResponse, seconds: number): void {
  sendProblem(
    res,
    429,
    {
      code: 'too_many_requests',
      title: 'Too many requests',
      detail: `Slow down: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    },
    { 'retry-after': String(seconds) },
  );
}
