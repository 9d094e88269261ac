import type { GateResult } from '../app/gate/check-gate';
import { loadClientConfig } from '../config/config';
import { echo } from '../domain/safe-text';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem, UsageError } from './cli-io';
import { gateWords, readSbomFile } from './gate-command';
import { readManifestFile } from './read-manifest-file';

/** How long to wait for the bot's answer: the gate is quick, but a CI runner's network may not be. */
const TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * `microapp gate --server URL [--token TOKEN]`: asks a running bot's API the gate's question
 * (`POST /api/v1/gate`), with an API token or a CI identity token (`--token` or MICROAPP_TOKEN),
 * and prints the same words or JSON with the same exit codes as the local gate. No database is
 * opened. A refusal from the server is printed as its detail, exit 2; so is an unreachable server.
 */
export async function remoteGate(
  io: CliIo,
  options: { server: string; token?: string; file: string; sbom?: string; json: boolean },
): Promise<ExitCode> {
  const config = loadClientConfig(io.env);
  const endpoint = gateEndpoint(options.server);
  const token = options.token ?? config.token;
  if (!token)
    throw new UsageError(
      "Give the gate a token: set MICROAPP_TOKEN (an API token with the gate scope, or the CI job's OIDC token), or pass --token.",
    );
  const manifest = await readManifestFile(io.cwd, options.file);
  const sbom = options.sbom === undefined ? undefined : await readSbomFile(io.cwd, options.sbom);
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ manifest, ...(sbom !== undefined && { sbom }) }),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why =
      (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause ?? 'no connection');
    throw new FileProblem(
      `Could not reach the microapp bot at ${endpoint.origin} (${why}). Check --server is the bot's address (the one GET /healthz answers on) and that this runner can reach it.`,
    );
  }
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (type.includes('application/problem+json')) {
    const problem = parsed(text) as {
      detail?: unknown;
      title?: unknown;
      errors?: { path?: unknown; message?: unknown }[];
    };
    const fields = Array.isArray(problem?.errors)
      ? problem.errors.map((e) => `\n  - ${echo(String(e.path ?? ''), 80)}: ${echo(String(e.message ?? ''), 300)}`)
      : [];
    const detail = typeof problem?.detail === 'string' ? problem.detail : String(problem?.title ?? '');
    io.err(`The bot refused the gate (HTTP ${response.status}): ${echo(detail, 1000)}${fields.join('')}\n`);
    return EXIT.usage;
  }
  const result = response.ok && type.includes('application/json') ? (parsed(text) as GateResult) : undefined;
  if (!result || (result.result !== 'pass' && result.result !== 'fail') || !Array.isArray(result.findings))
    throw new FileProblem(
      `${endpoint.origin} answered HTTP ${response.status} without a gate result: is --server the microapp bot's address (the one GET /healthz answers on), with no path?`,
    );
  io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : gateWords(result, config.timeZone));
  return result.result === 'pass' ? EXIT.ok : EXIT.finding;
}

/** `${server}/api/v1/gate`, for an https server (or http on this machine: the token travels with it). */
function gateEndpoint(server: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new UsageError(
      `--server must be the bot's address, like https://microapp.example.com; got "${echo(server, 80)}".`,
    );
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw new UsageError(
      `--server must use https: the token is sent to it (http is accepted only for 127.0.0.1 or localhost). Use https://${url.host}.`,
    );
  return new URL(`${url.pathname.replace(/\/+$/, '')}/api/v1/gate`, url.origin);
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
