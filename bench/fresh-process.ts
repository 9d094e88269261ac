import { fork } from 'node:child_process';

type Reply<T> = { ok: true; result: T } | { ok: false; error: string };

/**
 * Runs a bench part in a fresh Node process (the module at `file`, forked), so it starts like a
 * newly started bot with nothing left over from earlier parts. The module serves the request with
 * {@link serveFreshProcess}.
 */
export function inFreshProcess<Req, Res>(
  file: string,
  request: Req,
  what: string,
  execArgv: string[] = [],
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: Reply<Res> | undefined;
    child.on('message', (message) => {
      reply = message as Reply<Res>;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (reply?.ok) resolve(reply.result);
      else reject(new Error(reply && !reply.ok ? reply.error : `${what} bench process exited with code ${code}`));
    });
    child.send(request as never);
  });
}

/** In a forked bench module: answers the one request with `run`, then disconnects. */
export function serveFreshProcess<Req, Res>(run: (request: Req) => Promise<Res>): void {
  process.once('message', (request: Req) => {
    const send = (reply: Reply<Res>) => process.send!(reply, () => process.disconnect());
    run(request).then(
      (result) => send({ ok: true, result }),
      (error: unknown) =>
        send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
