import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { elapsedMs } from './time-calls';

/** One bounded burst of signed POSTs: `count` bodies of a set, from index `from`, `concurrency` in flight. */
export interface LoadBlock {
  url: string;
  /** Name of a body set given to `startLoadGenerator`. */
  set: string;
  from: number;
  count: number;
  concurrency: number;
  /** GET sends no body (the set's entries are ignored); POST when absent. */
  method?: 'GET' | 'POST';
}

/** What a block measured: one latency per request (request start to response end), in send order. */
export interface LoadResult {
  samplesMs: number[];
  /** Wall time of the block, first request start to last response end. */
  wallMs: number;
  /** HTTP status → how many responses had it (0 for a request that failed to connect). */
  statuses: Record<string, number>;
  /** Response bodies (first 200 characters) → how many times each came back. */
  bodies: Record<string, number>;
}

/** A load generator running in its own process. */
export interface LoadGenerator {
  run(block: LoadBlock): Promise<LoadResult>;
  close(): Promise<void>;
}

interface Setup {
  type: 'setup';
  signingSecret: string;
  contentType: string;
  bodies: Record<string, string[]>;
  /** Headers sent with every request, like an Authorization header. */
  headers?: Record<string, string>;
}
type Command = Setup | { type: 'run'; id: number; block: LoadBlock };
type Reply = { id: number; ok: true; result: LoadResult } | { id: number; ok: false; error: string };

/**
 * Forks a fresh Node process (this module) that sends requests the way Slack does: each body signed
 * just before it is sent (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with `signingSecret`, in
 * `x-slack-request-timestamp` and `x-slack-signature`), over keep-alive connections, one pool per
 * target URL. Running apart from the servers, its own work does not count against them.
 */
export async function startLoadGenerator(
  signingSecret: string,
  contentType: string,
  bodies: Record<string, string[]>,
  headers: Record<string, string> = {},
): Promise<LoadGenerator> {
  const child = fork(require.resolve('./load-generator'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let exited = false;
  child.on('message', (message) => {
    const reply = message as Reply;
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) w?.resolve(reply.result);
    else w?.reject(new Error(reply.error));
  });
  child.on('exit', (code) => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error(`load generator exited with code ${code}`));
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) =>
    child.send({ type: 'setup', signingSecret, contentType, bodies, headers } satisfies Command, (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  return {
    run: (block) =>
      new Promise<LoadResult>((resolve, reject) => {
        if (exited) return reject(new Error('load generator is not running'));
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ type: 'run', id, block } satisfies Command);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** Closed-loop load: `concurrency` workers, each sending its next body as soon as its last answer is in. */
async function runBlock(setup: Setup, agents: Map<string, Agent>, block: LoadBlock): Promise<LoadResult> {
  const set = setup.bodies[block.set];
  if (!set || block.from + block.count > set.length)
    throw new Error(`body set ${block.set} has no bodies ${block.from}..${block.from + block.count - 1}`);
  const url = new URL(block.url);
  let agent = agents.get(url.origin);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: block.concurrency });
    agents.set(url.origin, agent);
  }
  const samplesMs = new Array<number>(block.count);
  const statuses: Record<string, number> = {};
  const bodies: Record<string, number> = {};
  let next = 0;
  const begin = process.hrtime.bigint();
  const worker = async () => {
    while (next < block.count) {
      const i = next++;
      const body = set[block.from + i]!;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', setup.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const start = process.hrtime.bigint();
      const get = block.method === 'GET';
      const { status, text } = await send(agent!, url, get ? undefined : body, {
        ...setup.headers,
        ...(!get && { 'content-type': setup.contentType }),
        'content-length': String(get ? 0 : Buffer.byteLength(body)),
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
      });
      samplesMs[i] = elapsedMs(start);
      statuses[status] = (statuses[status] ?? 0) + 1;
      const key = text.slice(0, 200);
      bodies[key] = (bodies[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(block.concurrency, block.count) }, worker));
  return { samplesMs, wallMs: elapsedMs(begin), statuses, bodies };
}

function send(
  agent: Agent,
  url: URL,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, text: e.message }));
    });
    req.on('error', (e) => resolve({ status: 0, text: e.message }));
    req.end(body);
  });
}

if (require.main === module && process.send) {
  let setup: Setup | undefined;
  const agents = new Map<string, Agent>();
  process.on('message', (command: Command) => {
    if (command.type === 'setup') {
      setup = command;
      return;
    }
    runBlock(setup!, agents, command.block).then(
      (result) => process.send!({ id: command.id, ok: true, result } satisfies Reply),
      (error: unknown) =>
        process.send!({
          id: command.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies Reply),
    );
  });
  process.on('disconnect', () => {
    for (const agent of agents.values()) agent.destroy();
  });
}
