import { Writable } from 'node:stream';

/** How `writeChunks` ended: everything written, or the reader went away first (a closed pipe). */
export type WriteOutcome = 'written' | 'reader-gone';

/** Chunks are gathered up to this many characters before a write, so a large export is not a million small writes. */
const BATCH_CHARS = 64 * 1024;

/**
 * Writes `chunks` to `out` at the reader's pace: after each batch the destination refuses more of,
 * it waits for 'drain' before asking `chunks` for the next, so no more than one batch and the
 * stream's own buffer are held, however slow the reader. A reader that has gone (EPIPE, or the
 * stream destroyed) stops the writing and the chunks; any other stream error is thrown.
 */
export async function writeChunks(chunks: AsyncIterable<string>, out: Writable): Promise<WriteOutcome> {
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  out.on('error', onError);
  try {
    let batch = '';
    for await (const chunk of chunks) {
      batch += chunk;
      if (batch.length < BATCH_CHARS) continue;
      if (!(await write(out, batch, () => failure))) return outcomeOf(failure);
      batch = '';
    }
    if (batch && !(await write(out, batch, () => failure, true))) return outcomeOf(failure);
    return 'written';
  } finally {
    out.off('error', onError);
  }
}

/** A stream that hands each chunk to `out`, for callers that capture text (tests, in-process runs). */
export function textSink(out: (text: string) => void): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      out(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
}

/**
 * Writes one batch; true once the stream can take more (the last batch: once the stream has handed
 * it on, so a late failure is not missed), false when it failed or closed.
 */
async function write(out: Writable, text: string, failed: () => Error | undefined, last = false): Promise<boolean> {
  if (failed() || out.destroyed) return false;
  let handedOn: () => void = () => undefined;
  const handed = new Promise<void>((resolve) => (handedOn = resolve));
  const more = out.write(text, () => handedOn());
  if (last) await handed;
  else if (!more) await drainedOrGone(out);
  return !failed() && !out.destroyed;
}

function drainedOrGone(out: Writable): Promise<void> {
  const events = ['drain', 'close', 'error'] as const;
  return new Promise((resolve) => {
    const settle = () => {
      for (const e of events) out.off(e, settle);
      resolve();
    };
    for (const e of events) out.on(e, settle);
  });
}

function outcomeOf(failure: Error | undefined): WriteOutcome {
  const code = (failure as NodeJS.ErrnoException | undefined)?.code;
  if (!failure || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return 'reader-gone';
  throw failure;
}
