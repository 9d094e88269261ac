'use strict';
/*
 * The step of the microapp gate GitHub Action (../action.yml): requests the job's OIDC identity
 * token for the bot's audience, runs `microapp gate --server` with it in MICROAPP_TOKEN (never on
 * the command line), prints the answer and writes it to the job's step summary. Exits with the
 * gate's code: 0 pass, 1 findings, 2 the gate could not be asked.
 */
const { spawn } = require('node:child_process');
const { appendFileSync } = require('node:fs');
const { join } = require('node:path');

/** A reason the step cannot ask the gate, with the fix. */
class StepError extends Error {}

/** The job's OIDC token for `audience`, as GitHub's token service issues it to a job with id-token: write. */
async function requestIdToken(env, audience, fetchImpl) {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer)
    throw new StepError(
      'This job may not request an OIDC identity token: add "permissions: id-token: write" to the job (and "contents: read" for checkout).',
    );
  const request = new URL(url);
  request.searchParams.set('audience', audience);
  let response;
  try {
    response = await fetchImpl(request, {
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new StepError(`Could not reach GitHub's token service (${error.cause?.code ?? error.name}). Re-run the job.`);
  }
  const body = response.ok ? await response.json().catch(() => undefined) : undefined;
  if (typeof body?.value !== 'string')
    throw new StepError(
      `GitHub's token service did not issue a token (HTTP ${response.status}). Check the job has "permissions: id-token: write", then re-run it.`,
    );
  return body.value;
}

/** Text in a fenced block that nothing inside can close. */
function fenced(text) {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\n$/, '')}\n${fence}\n`;
}

/**
 * Runs the step: `env` is the step's environment (inputs as MICROAPP_SERVER, MICROAPP_AUDIENCE,
 * MICROAPP_FILE, MICROAPP_SBOM), `run` runs the CLI, `write` prints to the log.
 */
async function gateStep({ env, run, fetch: fetchImpl = fetch, write }) {
  const heading = { 0: 'PASS', 1: 'FAIL' };
  let code;
  let text;
  try {
    const server = env.MICROAPP_SERVER?.trim();
    const audience = env.MICROAPP_AUDIENCE?.trim();
    if (!server || !audience)
      throw new StepError(
        'Set the inputs server (the bot\'s address) and audience (the bot\'s CI_OIDC_AUDIENCE) under "with:".',
      );
    const token = await requestIdToken(env, audience, fetchImpl);
    write.out(`::add-mask::${token}\n`);
    const args = ['gate', '--server', server, '--file', env.MICROAPP_FILE?.trim() || 'microapp.yaml'];
    if (env.MICROAPP_SBOM?.trim()) args.push('--sbom', env.MICROAPP_SBOM.trim());
    const result = await run(args, { ...env, MICROAPP_TOKEN: token });
    write.out(result.out);
    write.err(result.err);
    code = result.code;
    text = `${result.out}${result.err}`;
  } catch (error) {
    if (!(error instanceof StepError)) throw error;
    write.err(`${error.message}\n`);
    code = 2;
    text = `${error.message}\n`;
  }
  if (env.GITHUB_STEP_SUMMARY)
    appendFileSync(
      env.GITHUB_STEP_SUMMARY,
      `### microapp gate: ${heading[code] ?? 'could not ask the gate'}\n\n${fenced(text)}\n`,
    );
  return code;
}

/** Runs bin/microapp.js of this checkout and collects its output. */
function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'microapp.js'), ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ code: status ?? 2, out, err }));
  });
}

module.exports = { gateStep, requestIdToken };

if (require.main === module)
  gateStep({
    env: process.env,
    run: runCli,
    write: { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`The gate step failed: ${error?.stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
