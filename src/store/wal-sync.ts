import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/** Syncs an SQLite database's write-ahead log to disk, off the event loop. */
export interface WalSync {
  /** Flushes everything committed so far to disk; resolves once it is there. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * An SQLite database in WAL mode commits by appending to `<file>-wal`; with `synchronous = FULL` it
 * then syncs that file before the commit returns, blocking the one thread the bot has for as long
 * as the disk takes. With `synchronous = NORMAL` SQLite leaves that sync out (it still syncs around
 * checkpoints), and this does it instead through libuv's thread pool (`fdatasync`, as SQLite does on
 * Linux): once `sync()` resolves, every transaction committed before the call is as durable as under
 * FULL, and the event loop kept serving meanwhile. The log file lives as long as the bot's
 * connection is open, so one file handle serves for the connection's life.
 */
export function walSync(databaseFile: string): WalSync {
  let handle: Promise<FileHandle> | undefined;
  return {
    async sync() {
      handle ??= open(`${databaseFile}-wal`, 'r+');
      try {
        await (await handle).datasync();
      } catch (error) {
        handle = undefined;
        throw error;
      }
    },
    async close() {
      const closing = handle;
      handle = undefined;
      await (await closing?.catch(() => undefined))?.close();
    },
  };
}
