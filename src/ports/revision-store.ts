import type { RevisionRecord } from '../domain/app-record';

/** Apps' revisions, read and written inside a registry transaction. */
export interface RevisionStore {
  /** Adds a revision; its manifest's `externalRefs` become the app's (the latest revision decides). */
  insert(revision: RevisionRecord): Promise<void>;
  /** The revision with this id. */
  find(id: string): Promise<RevisionRecord | undefined>;
}
