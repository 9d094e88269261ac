import { stringify } from 'yaml';
import type { Manifest } from '../domain/manifest';
import { MANIFEST_FIELDS } from '../domain/manifest-fields';

/** The files `microapp init` writes, relative to the folder it runs in. */
export const STARTER_PATHS = {
  manifest: 'microapp.yaml',
  workflow: '.github/workflows/microapp.yml',
  gateStep: '.github/workflows/microapp-gate.mjs',
  readme: 'README.md',
} as const;

/** The manifest input in form order, as YAML with a short header saying what the file is for. */
export function manifestYaml(input: Record<string, unknown>): string {
  const ordered = Object.fromEntries(
    MANIFEST_FIELDS.filter((f) => input[f.key] !== undefined).map((f) => [f.key, input[f.key]]),
  );
  return `# What this app is, for the micro app registry. Keep it true: the gate in CI compares it with
# what was approved, and a change that raises the risk is reviewed again.
# Add every library the app uses under thirdPartyLibraries (name@version), or the gate refuses the build.
${stringify({ ...ordered, thirdPartyLibraries: input.thirdPartyLibraries ?? [] })}`;
}

/**
 * A GitHub Actions workflow: lint and test (when there is a package.json), a CycloneDX SBOM
 * (cyclonedx-npm for Node, anchore/sbom-action otherwise), then the registry's gate.
 */
export function workflowYaml(): string {
  return `# Lint, test, list the libraries (SBOM) and ask the micro app registry whether this build may ship.
# Set the repository variable MICROAPP_SERVER to the bot's address and the secret MICROAPP_TOKEN
# to a token from \`microapp api-token issue --name "<this repository>" --scopes gate\`.
# The gate step (microapp-gate.mjs beside this file) needs nothing but Node.
name: microapp

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - name: Install
        if: hashFiles('package-lock.json') != ''
        run: npm ci
      - name: Lint
        if: hashFiles('package.json') != ''
        run: npm run lint --if-present
      - name: Test
        if: hashFiles('package.json') != ''
        run: npm test --if-present
      - name: SBOM (Node)
        if: hashFiles('package-lock.json') != ''
        run: npx --yes @cyclonedx/cyclonedx-npm --output-file bom.json
      - name: SBOM (any other project)
        if: hashFiles('package-lock.json') == ''
        uses: anchore/sbom-action@v0
        with:
          path: .
          format: cyclonedx-json
          output-file: bom.json
          upload-artifact: false
      - name: Registry gate
        env:
          MICROAPP_SERVER: \${{ vars.MICROAPP_SERVER }}
          MICROAPP_TOKEN: \${{ secrets.MICROAPP_TOKEN }}
        run: node .github/workflows/microapp-gate.mjs
`;
}

/**
 * The workflow's gate step, dependency-free: sends microapp.yaml (and bom.json when there is one) to
 * the bot's \`POST /api/v1/gate\`, prints each finding with its fix (to the step summary too), and
 * exits 0 pass, 1 findings, 2 when the bot could not be asked.
 */
export function gateStepScript(): string {
  return `// The registry gate for this repository's CI (see microapp.yml): asks the micro app bot whether
// this build may ship. Exit 0 pass, 1 findings, 2 the bot could not be asked.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const { env } = process;
const { MICROAPP_SERVER: server, MICROAPP_TOKEN: token, GITHUB_STEP_SUMMARY: summary } = env;
const say = (line) => {
  console.log(line);
  if (summary) appendFileSync(summary, \`\${line}\\n\`);
};
if (!server || !token) {
  say('Set the repository variable MICROAPP_SERVER and the secret MICROAPP_TOKEN (see the README).');
  process.exit(2);
}
const body = {
  manifest: readFileSync('microapp.yaml', 'utf8'),
  ...(existsSync('bom.json') && { sbom: readFileSync('bom.json', 'utf8') }),
};
let response;
try {
  response = await fetch(new URL('/api/v1/gate', server), {
    method: 'POST',
    headers: { authorization: \`Bearer \${token}\`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
} catch (error) {
  say(\`Could not reach \${server} (\${error.cause?.code ?? error.cause?.message ?? error.message}); check MICROAPP_SERVER, then re-run the job.\`);
  process.exit(2);
}
const answer = await response.json().catch(() => ({}));
if (!response.ok) {
  say(\`The bot refused the gate (HTTP \${response.status}): \${answer.detail ?? answer.title ?? 'no reason given'}\`);
  process.exit(2);
}
say(\`Registry gate: \${answer.result === 'pass' ? 'PASS' : 'FAIL'}\${answer.app ? \` for "\${answer.app.name}"\` : ''}\`);
for (const f of answer.findings ?? []) say(\`- \${f.message} Fix: \${f.fix}\`);
process.exit(answer.result === 'pass' ? 0 : 1);
`;
}

/** The README for the person who builds the app: the registry, registering, the gate, re-certifying. */
export function readmeMarkdown(manifest: Manifest): string {
  return `# ${manifest.name}

${manifest.purpose}

## The micro app registry

Apps people build for themselves and their colleagues are listed in the organisation's micro app
registry: what each does, who owns it, who uses it and what data it touches. The registry judges
the risk from \`microapp.yaml\`: an app only you use, on data that is not sensitive, is approved at
once; others are reviewed by the people the policy names. You are told the outcome in chat.

## Register it

Check \`microapp.yaml\` (it holds your answers), then register it in one of these ways:

- in Slack: \`/microapp register\`
- in Teams: send \`register\` to the micro app bot
- from a terminal: \`microapp register --file microapp.yaml\`

If your answers need more (a backup owner, how long data is kept, a plan for retiring the app),
the registry asks for it and says why.

## The gate in CI

\`.github/workflows/microapp.yml\` lints and tests the app, lists its libraries in an SBOM
(\`bom.json\`) and then runs \`microapp gate\`. The gate fails the build when the app is not
registered, is waiting for review, was denied, has expired or retired, when \`microapp.yaml\`
differs from the approved version in a way that needs a new review, or when the SBOM lists a
library \`thirdPartyLibraries\` does not declare. Each failure says what to do.

Before it can run, ask the registry's admins for the server address and a token, then set the
repository variable \`MICROAPP_SERVER\` and the secret \`MICROAPP_TOKEN\`.

## Changes and re-certification

When the app changes, change \`microapp.yaml\` and register it again: small changes are recorded at
once; a change that raises the risk is reviewed while the approved version stays in force.
Approval lasts for the time the policy sets (a year in the shipped policy). Before it ends you are
reminded in chat; re-certify by confirming the app is still needed and unchanged: the reminder's
button, \`/microapp recertify ${manifest.name}\` in Slack or \`recertify ${manifest.name}\` in Teams.
If nobody re-certifies, the app expires and the gate stops its builds.
`;
}
