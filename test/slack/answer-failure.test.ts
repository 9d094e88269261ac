import { answerFailure } from '../../adapters/slack/answer-failure';
import { describeError } from '../../src/views/describe-error';
import type { Actor } from '../../src/domain/actor';
import { AppError } from '../../src/domain/errors';
import { createLogger } from '../../src/log/logger';

const actor: Actor = { platform: 'slack', tenant: 'T1', userId: 'UOWNER' };

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
  const answer = await answerFailure(d, 'approval', new Error('connection reset'), actor);
  expect(answer).toEqual({ code: 'internal', text: expect.stringMatching(/^Something went wrong on our side/) });
  expect(d.lines.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({
      level: 'error',
      msg: 'approval failed',
      error: { name: 'Error', message: 'connection reset' },
    }),
  ]);
});

test('a refusal (an AppError) is answered with its explanation and not logged', async () => {
  const d = deps();
  const fieldErrors = [{ field: 'reason', path: 'reason', message: 'Say why.' }];
  const answer = await answerFailure(d, 'denial', new AppError('input.invalid', 'bad', { fieldErrors }), actor);
  expect(answer).toEqual({ code: 'input.invalid', text: 'Please fix 1 field(s) and submit again.', fieldErrors });
  expect(d.lines).toEqual([]);
});
