import type { AppRecord } from '../domain/app-record';

/** App rows, read and written inside a registry transaction. */
export interface AppStore {
  /** The app with this id. */
  find(id: string): Promise<AppRecord | undefined>;
  /** The app with this name (case-insensitive). */
  findByName(name: string): Promise<AppRecord | undefined>;
  /** Throws `registration.name_taken` when the name (case-insensitive) is in use. */
  insert(app: AppRecord): Promise<void>;
  /** Applies `patch` to the app. */
  update(id: string, patch: Partial<Omit<AppRecord, 'id' | 'createdAt'>>): Promise<void>;
}
