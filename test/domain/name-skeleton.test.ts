import type { Actor } from '../../src/domain/actor';
import { isAppError } from '../../src/domain/errors';
import { mixedScriptProblem, nameSkeleton } from '../../src/domain/name-skeleton';
import { clockedCore } from '../support/clocked-core';
import { tier1 } from '../support/manifests';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };

test('look-alike names share a skeleton; different names do not', () => {
  expect(nameSkeleton('Notes tidi\u0435r')).toBe(nameSkeleton('Notes tidier'));
  expect(nameSkeleton('\u0422\u0435\u0445\u0442 bot')).toBe('text bot');
  expect(nameSkeleton('\u0391\u03a1\u0399 helper')).toBe('api helper');
  expect(nameSkeleton('  Notes\u200b   Tidier ')).toBe('notes tidier');
  expect(nameSkeleton('Report 10')).not.toBe(nameSkeleton('Report lo'));
  expect(nameSkeleton('Expense tracker')).not.toBe(nameSkeleton('Expense trackers'));
});

test('a name mixing Latin with Cyrillic or Greek letters is refused with the letter; one alphabet is fine', () => {
  expect(mixedScriptProblem('Notes tidi\u0435r')).toMatch(/like "\u0435", U\+0435/);
  expect(mixedScriptProblem('Notes tidier')).toBeUndefined();
  expect(mixedScriptProblem('\u0417\u0430\u044f\u0432\u043a\u0438')).toBeUndefined();
});

test('registration refuses a mixed-script name, and a look-alike of a registered name is taken', async () => {
  const t = await clockedCore('sqlite', '2026-12-07T10:00:00.000Z');
  try {
    await t.core.submitRegistration(tier1({ name: 'Text bot' }), owner);
    const refusal = async (name: string) => {
      try {
        await t.core.submitRegistration(tier1({ name, owner: 'slack:UOTHER' }), {
          platform: 'slack',
          userId: 'UOTHER',
        });
      } catch (error) {
        if (isAppError(error)) return error;
      }
      throw new Error('registered');
    };
    const mixed = await refusal('Text b\u043et');
    expect(mixed.code).toBe('input.invalid');
    expect(mixed.details.fieldErrors?.[0]).toMatchObject({
      field: 'name',
      message: expect.stringMatching(/^App name mixes Latin letters with letters of another alphabet/),
    });
    const lookalike = await refusal('\u0422\u0435\u0445\u0442 \u0432\u043e\u0442');
    expect(lookalike).toMatchObject({ code: 'registration.name_taken', details: { appName: 'Text bot' } });
    expect((await t.core.findApp('T\u0435xt bot'))?.name).toBe('Text bot');
  } finally {
    await t.registry.close();
  }
});
