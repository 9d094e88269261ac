import { stringify } from 'yaml';
import type { Manifest } from '../domain/manifest';
import { MANIFEST_FIELDS } from '../domain/manifest-fields';

/** The files `microapp init` writes, relative to the folder it runs in. */
export const STARTER_PATHS = {
  manifest: 'microapp.yaml',
  workflow: '.github/workflows/microapp.yml',
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
        run: npx microapp gate --server "$MICROAPP_SERVER" --file microapp.yaml --sbom bom.json
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
