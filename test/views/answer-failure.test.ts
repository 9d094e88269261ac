import type { Actor } from '../../src/domain/actor';
import { AppError } from '../../src/domain/errors';
import { createLogger } from '../../src/log/logger';
import { answerFailure } from '../../src/views/answer-failure';
import { describeError } from '../../src/views/describe-error';

const slackUser: Actor = { platform: 'slack', tenant: 'T1', userId: 'UOWNER' };
const teamsUser: Actor = { platform: 'teams', tenant: 'tenant-1', userId: 'aad-owner' };

/** The helper's deps: a logger writing to `lines`, and explain as the presenter does it for a reader without names. */
function deps() {
  const lines: string[] = [];
  return {
    lines,
    views: { explain: async (error: unknown) => describeError(error) },
    logger: createLogger({ level: 'debug', write: (l) => lines.push(l) }),
  };
}

test('an unexpected failure is logged with what was being done and the error, and answered in words that leak nothing', async () => {
  const d = deps();
  const answer = await answerFailure(d, 'approval', new Error('connection reset'), slackUser);
  expect(answer).toEqual({ code: 'internal', text: expect.stringMatching(/^Something went wrong on our side/) });
  expect(d.lines.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({
      level: 'error',
      msg: 'approval failed',
      error: { name: 'Error', message: 'connection reset' },
    }),
  ]);
});

test('the fields given are logged beside the error, and its cause with it', async () => {
  const d = deps();
  const error = new TypeError('x is undefined', { cause: new Error('store closed') });
  await answerFailure(d, 'a Teams command', error, teamsUser, { verb: 'transfer' });
  expect(d.lines.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({
      msg: 'a Teams command failed',
      error: { name: 'TypeError', message: 'x is undefined', cause: { name: 'Error', message: 'store closed' } },
      verb: 'transfer',
    }),
  ]);
});

test('a refusal (an AppError) is answered with its explanation, field errors included, and not logged', async () => {
  const d = deps();
  const fieldErrors = [{ field: 'reason', path: 'reason', message: 'Say why.' }];
  const invalid = await answerFailure(d, 'denial', new AppError('input.invalid', 'bad', { fieldErrors }), slackUser);
  expect(invalid).toEqual({ code: 'input.invalid', text: 'Please fix 1 field and submit again.', fieldErrors });
  const missing = await answerFailure(d, 'approve', new AppError('app.not_found', 'no such app'), teamsUser);
  expect(missing).toMatchObject({
    code: 'app.not_found',
    text: 'No app by that name or id is registered. Check the spelling, or list your apps.',
  });
  expect(d.lines).toEqual([]);
});
