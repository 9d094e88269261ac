import type { Actor } from '../domain/actor';
import type { Runtime } from '../runtime';
import { zonedMoment } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/** `microapp sandbox <app>`: a pipeline or an owner records that the app ran with test data in a sandbox. */
export async function recordSandboxUse(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const actor: Actor = { platform: 'cli', userId: io.user };
  const use = await rt.core.recordSandboxUse((await rt.core.resolveApp(app)).id, actor);
  io.out(
    use.started
      ? `Recorded sandbox use of "${use.app.name}". Its test data must be purged by ${zonedMoment(use.purgeBy, rt.timeZone)}; the owner is asked to confirm it then.\n`
      : `Recorded sandbox use of "${use.app.name}". Its test data has waited for a purge since ${zonedMoment(use.since, rt.timeZone)}, due by ${zonedMoment(use.purgeBy, rt.timeZone)}.\n`,
  );
  return EXIT.ok;
}
