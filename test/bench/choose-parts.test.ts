import { BENCH_PARTS } from '../../bench/bench-parts';
import { BenchUsageError, chooseParts } from '../../bench/run-all';

const names = (args: string[]) => chooseParts(args).map((p) => p.name);

test('without --only every part runs, in order; --only runs the named ones in run order', () => {
  expect(names([])).toEqual(BENCH_PARTS.map((p) => p.name));
  expect(names(['--only', 'sweep,registration'])).toEqual(['registration', 'sweep']);
  expect(names(['--only=teams'])).toEqual(['teams']);
});

test('an unknown part or argument is refused with the parts to choose from', () => {
  expect(() => chooseParts(['--only', 'sweep,nope'])).toThrow(
    /No bench part named "nope": the parts are policy, secrets, registration, list, slack, teams, delivery, sweep, discovery, export, dashboard, health, api, audit, scale\./,
  );
  expect(() => chooseParts(['--only'])).toThrow(BenchUsageError);
  expect(() => chooseParts(['--fast'])).toThrow(/Unknown argument "--fast": use --only NAME\[,NAME\]/);
});
