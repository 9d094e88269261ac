import { answerFailure } from '../../adapters/teams/answer-failure';
import { describeError } from '../../src/views/describe-error';
import type { Actor } from '../../src/domain/actor';
import { AppError } from '../../src/domain/errors';
import { createLogger } from '../../src/log/logger';

const actor: Actor = { platform: 'teams', tenant: 'tenant-1', userId: 'aad-owner' };

/** The helper's deps: a logger writing to `lines`, and explain as the presenter does it for a reader without names. */
function deps() {
  const lines: string[] = [];
  return {
    lines,
    views: { explain: async (error: unknown) => describeError(error) },
    logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
  };
}

test('an unexpected failure is logged with what was being done, the error and the fields given, and answered in words that leak nothing', async () => {
  const d = deps();
  const answer = await answerFailure(d, 'a Teams command', new TypeError('x is undefined'), actor, {
    verb: 'transfer',
  });
  expect(answer).toEqual({ code: 'internal', text: expect.stringMatching(/^Something went wrong on our side/) });
  expect(d.lines.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({
      level: 'error',
      msg: 'a Teams command failed',
      error: { name: 'TypeError', message: 'x is undefined' },
      verb: 'transfer',
    }),
  ]);
});

test('a refusal (an AppError) is answered with its explanation and not logged', async () => {
  const d = deps();
  const answer = await answerFailure(d, 'approve', new AppError('app.not_found', 'no such app'), actor);
  expect(answer).toEqual({
    code: 'app.not_found',
    text: 'No app by that name or id is registered. Check the spelling, or list your apps.',
    fieldErrors: undefined,
  });
  expect(d.lines).toEqual([]);
});
