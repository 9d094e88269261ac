import type { RegistrationStep } from '../../src/app/registration/advance-registration';
import type { Actor } from '../../src/domain/actor';
import type { FormValues } from '../../src/domain/registration-answers';
import { STEP_ONE } from '../../src/domain/registration-answers';
import type { RegistrationFormState } from '../../src/domain/registration-draft';
import { encodeDraft } from '../../src/domain/registration-draft';
import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { registrationForm } from '../../src/views/registration-form';
import type { InputBlock } from '../../src/ports/view-model';
import { plainText } from '../../src/views/plain-text';
import { createSecretScanner } from '../../src/secrets/scan-secrets';
import { testCore } from '../support/test-core';
import { formSize } from '../support/form-size';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';
import { tier1 } from '../support/manifests';

const owner: Actor = { platform: 'slack', tenant: 'T1', userId: 'UOWNER' };
const stranger: Actor = { platform: 'slack', tenant: 'T1', userId: 'USTRANGER' };
const clock = { now: () => new Date('2026-11-21T10:00:00Z') };

const personal: FormValues = {
  name: 'Receipt sorter',
  purpose: 'Sorts my receipts into a monthly folder.',
  audience: 'personal',
  data: ['public'],
};

const inputs = (state: RegistrationFormState) =>
  registrationForm(state).blocks.filter((b): b is InputBlock => b.type === 'input');
const form = (step: RegistrationStep) => {
  if (step.kind !== 'form') throw new Error(`expected a form, got ${JSON.stringify(step).slice(0, 300)}`);
  return step.state;
};
const done = (step: RegistrationStep) => {
  if (step.kind !== 'done')
    throw new Error(`expected a stored registration, got ${JSON.stringify(step).slice(0, 600)}`);
  return step.result;
};

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

describe.each(DIALECTS)('the registration form in steps on %s', (dialect) => {
  let registry: Registry;
  let core: ReturnType<typeof testCore>;
  beforeEach(async () => {
    registry = await createTestRegistry(dialect);
    core = testCore(registry, policy, clock);
  });
  afterEach(async () => registry.close());

  const next = (state: RegistrationFormState | undefined, values: FormValues, actor: Actor = owner) =>
    core.advanceRegistration(values, state ? encodeDraft(state.draft) : undefined, actor);

  test('the first step asks at most eight plain questions, each with help, and every choice says what it means', async () => {
    const start = await core.startRegistration(owner);
    const asked = inputs(start);
    expect(asked.map((i) => i.id)).toEqual([...STEP_ONE]);
    expect(asked.length).toBeLessThanOrEqual(8);
    for (const input of asked) {
      expect(input.hint).toBeTruthy();
      for (const option of input.options ?? []) expect(option.description).toBeTruthy();
    }
    const systems = asked.find((i) => i.id === 'systems')!.options!.map((o) => o.label);
    expect(systems).toEqual(expect.arrayContaining(['Google Sheets', 'Salesforce', 'Something else']));
    expect(registrationForm(start).submitLabel).toBe('Next');
  });

  test('a personal tool on public data with no systems is approved in one step', async () => {
    const { app, assessment } = done(await next(undefined, personal));
    expect(app).toMatchObject({ name: 'Receipt sorter', status: 'approved', owner: 'slack:UOWNER', tier: 1 });
    expect(assessment.score).toBe(0);
  });

  test('a team tool reading the CRM with a key takes two steps and is routed, with the key on record', async () => {
    const two = form(
      await next(undefined, {
        ...personal,
        name: 'Renewal list',
        audience: 'team',
        expectedUsers: '8',
        data: ['customer'],
        systems: ['salesforce'],
      }),
    );
    expect(two.draft.step).toBe(2);
    const asked = inputs(two).map((i) => i.id);
    expect(asked).toEqual(
      expect.arrayContaining([
        'system.salesforce',
        'dataClassification',
        'backupOwner',
        'decommissionPlan',
        'controls',
        'retentionDays',
      ]),
    );
    expect(asked).not.toContain('aiOutputsExternal');
    expect(plainText(registrationForm(two))).toMatch(
      /heading for Tier 3 \(high risk\): it waits for 1 security approval and 1 platform approval/,
    );
    expect(two.values.dataClassification).toBe('confidential');

    const result = done(
      await next(two, {
        'system.salesforce': 'read_key',
        dataClassification: 'confidential',
        owner: PEOPLE.owner,
        backupOwner: PEOPLE.backup,
        retentionDays: '30',
        decommissionPlan: 'Delete the list and tell the team.',
        healthEndpoint: 'https://renewals.example.com/health',
        controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback', 'vaultSecrets'],
      }),
    );
    expect(result.app.status).toBe('pending_review');
    expect(result.review).toBeDefined();
    expect(result.revision.manifest.integrations).toEqual([
      { system: 'salesforce', access: 'read', requiresSecret: true },
    ]);
    expect(result.revision.manifest.dataTypes).toEqual(['customer', 'pii']);
  });

  test('an answer that raises what is needed brings its questions back, flagged, with nothing typed lost', async () => {
    const two = form(await next(undefined, { ...personal, systems: ['google-sheets'] }));
    expect(inputs(two).map((i) => i.id)).not.toContain('backupOwner');
    const again = form(
      await next(two, {
        'system.google-sheets': 'read_key',
        dataClassification: 'public',
        owner: PEOPLE.owner,
        thirdPartyLibraries: 'chart.js@4.4.1',
      }),
    );
    const byId = new Map(inputs(again).map((i) => [i.id, i]));
    expect(byId.get('backupOwner')!.error).toMatch(/^Now needed: Name a backup owner/);
    expect(byId.get('decommissionPlan')!.error).toMatch(/^Now needed/);
    expect(byId.get('thirdPartyLibraries')!.initial).toBe('chart.js@4.4.1');
    expect(byId.get('system.google-sheets')!.initial).toBe('read_key');
    expect(plainText(registrationForm(again))).toMatch(/heading for Tier 2/);
    expect(await registry.apps.list({ limit: 5 })).toMatchObject({ apps: [] });
  });

  test('how a system is used is never pre-selected: it must be picked, with the problem on that question', async () => {
    const two = form(await next(undefined, { ...personal, systems: ['google-sheets'] }));
    const access = inputs(two).find((i) => i.id === 'system.google-sheets')!;
    expect(access).toMatchObject({ optional: false, initial: undefined });
    expect(access.hint).toMatch(/^Pick one/);

    const step = await next(two, { owner: PEOPLE.owner, dataClassification: 'public', businessUnit: 'Finance' });
    expect(step.kind).toBe('errors');
    const state = step.kind === 'errors' ? step.state : two;
    expect(step.kind === 'errors' && Object.keys(step.errors)).toEqual(['system.google-sheets']);
    const byId = new Map(inputs(state).map((i) => [i.id, i]));
    expect(byId.get('system.google-sheets')!.error).toMatch(
      /^Pick how it uses Google Sheets: whether it only reads or also changes data, and whether it needs its own password or key\.$/,
    );
    expect(byId.get('businessUnit')!.initial).toBe('Finance');
    expect(await registry.apps.list({ limit: 5 })).toMatchObject({ apps: [] });

    const { app } = done(await next(two, { ...state.values, 'system.google-sheets': 'read' }));
    expect(app).toMatchObject({ status: 'approved', tier: 1 });
  });

  test('a team tool with a key is two screens: the vault is offered in the pass where the key is declared', async () => {
    const screens: RegistrationFormState[] = [await core.startRegistration(owner)];
    const two = form(
      await next(undefined, {
        ...personal,
        name: 'Sheet tidier',
        audience: 'team',
        expectedUsers: '8',
        data: ['internal'],
        systems: ['google-sheets'],
      }),
    );
    screens.push(two);
    const controls = inputs(two).find((i) => i.id === 'controls')!;
    expect(controls.options!.map((o) => o.value)).toEqual(['logging', 'rollback', 'vaultSecrets']);
    expect(controls.hint).toMatch(/password or key, tick the vault too/);
    const { app, revision } = done(
      await next(two, {
        ...two.values,
        'system.google-sheets': 'read_key',
        backupOwner: PEOPLE.backup,
        decommissionPlan: 'Delete the sheet and tell the team.',
        controls: ['logging', 'rollback', 'vaultSecrets'],
      }),
    );
    expect(app).toMatchObject({ status: 'pending_review', tier: 2 });
    expect(revision.manifest.controls).toContain('vaultSecrets');
    // Issue 19 counted three screens for this case; the form now takes two.
    const sizes = screens.map((s) => formSize(registrationForm(s)));
    expect(sizes.length).toBe(2);
    expect(sizes.reduce((n, s) => n + s.inputs, 0)).toBeLessThanOrEqual(18);
  });

  test('"(optional)" only where true: what the tier demands is required, what it does not is optional', async () => {
    const personalTwo = form(await next(undefined, { ...personal, systems: ['google-sheets'] }));
    const personalIds = inputs(personalTwo).map((i) => i.id);
    expect(personalIds).not.toContain('controls');
    expect(personalIds).not.toContain('backupOwner');

    const teamTwo = form(
      await next(undefined, {
        ...personal,
        name: 'Renewal list',
        audience: 'team',
        expectedUsers: '8',
        data: ['customer'],
        systems: ['salesforce'],
      }),
    );
    const optional = Object.fromEntries(inputs(teamTwo).map((i) => [i.id, i.optional]));
    expect(optional).toMatchObject({
      'system.salesforce': false,
      dataClassification: false,
      backupOwner: false,
      decommissionPlan: false,
      healthEndpoint: false,
      retentionDays: false,
      controls: false,
      owner: false,
      businessUnit: true,
      thirdPartyLibraries: true,
    });
    expect(inputs(teamTwo).find((i) => i.id === 'controls')!.hint).toMatch(
      /needs Incident contact, Encryption at rest and in transit, DLP scanning, Logging and Rollback plan in place/,
    );
  });

  test('every second-step question and choice says in plain words what it means', async () => {
    const two = form(
      await next(undefined, {
        ...personal,
        name: 'Renewal list',
        audience: 'team',
        expectedUsers: '8',
        data: ['customer'],
        systems: ['salesforce', 'other'],
        activities: ['usesAI'],
      }),
    );
    for (const input of inputs(two)) {
      expect([input.id, input.hint]).toEqual([input.id, expect.any(String)]);
      for (const option of input.options ?? []) {
        expect([option.value, option.description]).toEqual([option.value, expect.any(String)]);
        // Teams leaves out choice descriptions over 60 characters.
        expect([option.value, option.description!.length <= 60]).toEqual([option.value, true]);
      }
    }
    const hints = new Map(inputs(two).map((i) => [i.id, i.hint]));
    expect(hints.get('retentionDays')).toMatch(/^Retention: how long it keeps/);
    expect(hints.get('decommissionPlan')).toMatch(/^A decommission plan: when it is switched off for good/);
    const dlp = inputs(two)
      .find((i) => i.id === 'controls')!
      .options!.find((o) => o.value === 'dlp')!;
    expect(dlp.description).toBe('A company tool blocks sensitive data from leaving');
  });

  test('a prohibited use is refused in one step with who to talk to', async () => {
    const { app, assessment } = done(await next(undefined, { ...personal, activities: ['financialTransactions'] }));
    expect(app.status).toBe('prohibited');
    expect(assessment.contact).toMatch(/AI governance board/);
  });

  test('problems stay inline on the inputs they concern and nothing is stored', async () => {
    const token = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
    const step = await next(undefined, {
      ...personal,
      data: [],
      purpose: `Posts with ${token} daily`,
      audience: 'team',
    });
    expect(step.kind).toBe('errors');
    const errors = step.kind === 'errors' ? step.errors : {};
    expect(Object.keys(errors).sort()).toEqual(['data', 'expectedUsers', 'purpose']);
    expect(errors.purpose).toMatch(/vault/);
    expect(JSON.stringify(step)).not.toContain(token);
    expect(await registry.apps.list({ limit: 5 })).toMatchObject({ apps: [] });
  });

  test('a name in use is caught on the first step; its owner is pointed to update', async () => {
    done(await next(undefined, personal));
    const theirs = await next(undefined, personal, stranger);
    expect(theirs).toMatchObject({
      kind: 'errors',
      errors: { name: expect.stringMatching(/already registered\. Pick another name/) },
    });
    const mine = await next(undefined, { ...personal, name: 'RECEIPT SORTER' });
    expect(mine).toMatchObject({
      kind: 'errors',
      errors: { name: expect.stringMatching(/\/microapp update Receipt sorter/) },
    });
  });

  test('each Submit scans and validates the answers once, the last one included', async () => {
    const real = createSecretScanner();
    let scans = 0;
    const counted = testCore(registry, policy, clock, ['slack'], undefined, {
      scan: (value) => {
        scans += 1;
        return real.scan(value);
      },
    });
    const step = (state: RegistrationFormState | undefined, values: FormValues) =>
      counted.advanceRegistration(values, state ? encodeDraft(state.draft) : undefined, owner);

    done(await step(undefined, personal));
    expect(scans).toBe(1);

    scans = 0;
    const two = form(
      await step(undefined, {
        ...personal,
        name: 'Sheet tidier',
        audience: 'team',
        expectedUsers: '8',
        systems: ['google-sheets'],
      }),
    );
    expect(scans).toBe(1);
    done(
      await step(two, {
        ...two.values,
        'system.google-sheets': 'read',
        backupOwner: PEOPLE.backup,
        decommissionPlan: 'Delete the sheet and tell the team.',
        controls: ['logging', 'rollback'],
      }),
    );
    expect(scans).toBe(2);

    scans = 0;
    const start = await counted.startRegistration(owner, 'Receipt sorter');
    const change = form(
      await step(start, { ...start.values, purpose: 'Sorts my receipts and totals them each month.' }),
    );
    done(await step(change, change.values));
    expect(scans).toBe(2);

    scans = 0;
    const manifest = {
      name: 'Ticket lister',
      purpose: 'Lists my open tickets.',
      owner: PEOPLE.owner,
      audience: 'personal',
      expectedUsers: 1,
      dataClassification: 'public',
    };
    await counted.submitRegistration(manifest, { platform: 'cli', userId: 'ana' });
    await counted.updateApp(
      'Ticket lister',
      { ...manifest, purpose: 'Lists my open tickets by due date.' },
      { platform: 'cli', userId: 'ana' },
    );
    expect(scans).toBe(2);
  });

  describe('changing an approved app', () => {
    const change = async (step1: FormValues, step2: (state: RegistrationFormState) => FormValues = (s) => s.values) => {
      const start = await core.startRegistration(owner, 'receipt sorter');
      const two = form(await next(start, { ...start.values, ...step1 }));
      return next(two, step2(two));
    };

    test('opens pre-filled, and a small change is recorded at once without review', async () => {
      done(await next(undefined, { ...personal, builtWith: 'Power Automate' }));
      const start = await core.startRegistration(owner, 'Receipt sorter');
      expect(start.values).toMatchObject({
        name: 'Receipt sorter',
        audience: 'personal',
        data: ['public'],
        builtWith: 'Power Automate',
      });
      expect(registrationForm(start).title).toBe('Change a micro app');
      const { app, revision, review } = done(
        await change({ purpose: 'Sorts my receipts and totals them each month.' }),
      );
      expect(review).toBeUndefined();
      expect(app).toMatchObject({ status: 'approved', approvedRevisionId: revision.id });
      expect(revision).toMatchObject({
        number: 2,
        manifest: { purpose: 'Sorts my receipts and totals them each month.', builtWith: 'Power Automate' },
      });
    });

    test("a change through the form keeps the manifest's externalRefs, which the form does not ask about", async () => {
      await core.submitRegistration(
        tier1({ name: 'Receipt sorter', owner: owner.platform + ':' + owner.userId, externalRefs: ['zapier:z-1001'] }),
        owner,
      );
      const { revision } = done(await change({ purpose: 'Sorts my receipts and totals them each month.' }));
      expect(revision.manifest.externalRefs).toEqual(['zapier:z-1001']);
      expect(revision.number).toBe(2);
    });

    test('a material change is reviewed while the approved revision stays in force, and a denial keeps it', async () => {
      const first = done(await next(undefined, personal));
      const result = done(
        await change({ audience: 'team', expectedUsers: '6' }, (s) => ({
          ...s.values,
          backupOwner: PEOPLE.backup,
          decommissionPlan: 'Delete the folder and tell the team.',
          controls: ['logging', 'rollback'],
        })),
      );
      expect(result.review).toBeDefined();
      expect(result.app).toMatchObject({
        status: 'approved',
        approvedRevisionId: first.revision.id,
        currentRevisionId: result.revision.id,
        tier: 1,
      });
      expect((result as { changes?: string[] }).changes).toEqual([
        'Used by My team instead of Just me',
        'Risk goes from tier 1 to tier 2',
      ]);
      await expect(core.startRegistration(owner, 'Receipt sorter')).rejects.toMatchObject({ code: 'app.wrong_status' });

      const denied = await core.decideReview({
        reviewId: result.review!.id,
        actor: { platform: 'slack', tenant: 'T1', userId: 'UREVIEWER' },
        verdict: 'deny',
        reason: 'Keep it personal',
      });
      expect(denied.app).toMatchObject({
        status: 'approved',
        currentRevisionId: first.revision.id,
        approvedRevisionId: first.revision.id,
      });
    });

    test('an approved change becomes the approved revision', async () => {
      done(await next(undefined, personal));
      const result = done(
        await change({ audience: 'team', expectedUsers: '6' }, (s) => ({
          ...s.values,
          backupOwner: PEOPLE.backup,
          decommissionPlan: 'Delete the folder and tell the team.',
          controls: ['logging', 'rollback'],
        })),
      );
      const approved = await core.decideReview({
        reviewId: result.review!.id,
        actor: { platform: 'slack', tenant: 'T1', userId: 'UREVIEWER' },
        verdict: 'approve',
      });
      expect(approved.app).toMatchObject({
        status: 'approved',
        approvedRevisionId: result.revision.id,
        tier: 2,
        backupOwner: PEOPLE.backup,
      });
    });

    test('only the owner may change it, and the owner stays the owner', async () => {
      done(await next(undefined, personal));
      await expect(core.startRegistration(stranger, 'Receipt sorter')).rejects.toMatchObject({ code: 'app.not_owner' });
      const manifest = {
        name: 'Receipt sorter',
        purpose: "Sorts receipts into somebody else's folder.",
        owner: PEOPLE.owner,
        audience: 'personal',
        expectedUsers: 1,
        dataClassification: 'public',
      };
      await expect(core.updateApp('Receipt sorter', manifest, stranger)).rejects.toMatchObject({
        code: 'app.not_owner',
      });
      await expect(
        core.updateApp('Receipt sorter', { ...manifest, owner: PEOPLE.stranger }, owner),
      ).rejects.toMatchObject({
        code: 'input.invalid',
        details: {
          fieldErrors: [expect.objectContaining({ field: 'owner', message: expect.stringMatching(/transfer/) })],
        },
      });
      await expect(core.startRegistration(owner, 'No such app')).rejects.toMatchObject({ code: 'app.not_found' });
    });

    test('register --file by the same owner for an existing name is a change, not a clash', async () => {
      done(await next(undefined, personal));
      const cli: Actor = { platform: 'cli', userId: 'ana' };
      const manifest = {
        name: 'Receipt sorter',
        purpose: 'Sorts receipts; now also for Jira tickets.',
        owner: PEOPLE.owner,
        audience: 'personal',
        expectedUsers: 1,
        dataClassification: 'public',
        integrations: [{ system: 'Jira Cloud', access: 'read', requiresSecret: false }],
      };
      const result = await core.submitRegistration(manifest, cli);
      expect(result.revision.number).toBe(2);
      expect(result.revision.manifest.integrations[0]!.system).toBe('jira');
      expect((result as { changes?: string[] }).changes).toEqual(['New system: Jira']);
      await expect(core.submitRegistration({ ...manifest, owner: 'someone@example.com' }, cli)).rejects.toMatchObject({
        code: 'registration.name_taken',
      });
    });
  });
});
