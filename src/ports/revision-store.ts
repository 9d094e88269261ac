import type { Manifest } from '../domain/manifest';
import type { RevisionRecord } from '../domain/app-record';

/** Apps' revisions, read and written inside a registry transaction. */
export interface RevisionStore {
  /** Adds a revision; its manifest's `externalRefs` become the app's (the latest revision decides). */
  insert(revision: RevisionRecord): Promise<void>;
  /** The revision with this id. */
  find(id: string): Promise<RevisionRecord | undefined>;
  /** The revisions with these ids, by id; ids it does not know are absent. */
  findMany(ids: readonly string[]): Promise<Map<string, RevisionRecord>>;
  /** The manifests of these revisions, by revision id, in one read; ids it does not know are absent. */
  manifests(ids: readonly string[]): Promise<Map<string, Manifest>>;
}
