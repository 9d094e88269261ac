import type { Writable } from 'node:stream';

/** Exit codes: success, a finding (failed check, broken audit, invalid manifest), usage or configuration error. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where the CLI reads its environment and writes its output; passed in so tests drive it in-process. */
export interface CliIo {
  /** Environment to read configuration from; the process environment when absent. */
  env?: NodeJS.ProcessEnv;
  /** The directory relative paths are read from. */
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /**
   * Standard output as a stream, for commands that write a lot (export): they wait for it to drain
   * and stop quietly when its reader has gone. Without it they write through `out`.
   */
  stdout?: Writable;
  /** Standard input when it is a terminal, for commands that ask questions (init); without it they take flags only. */
  input?: NodeJS.ReadableStream;
  /** Who is running the command, for the audit log. */
  user: string;
}

/** A usage mistake: the CLI prints the message and the relevant usage, and exits 2. */
export class UsageError extends Error {}

/** A file the CLI was pointed at cannot be used (missing, too big, not YAML): the message names it and the fix; exit 2, no usage text. */
export class FileProblem extends Error {}
