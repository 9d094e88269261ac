/** A one-time sign-in link as stored: the hash of its token, never the token. */
export interface SignInLinkRecord {
  tokenHash: string;
  /** The person it signs in (lower case). */
  email: string;
  /** Who asked for it (a user ref, or `cli:<user>`). */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** A signed-in dashboard session as stored: the hash of its id, never the id. */
export interface DashboardSessionRecord {
  idHash: string;
  email: string;
  createdAt: string;
  expiresAt: string;
}

/** Dashboard sign-in links and sessions (hashes only), read and written inside a registry transaction. */
export interface DashboardAccess {
  insertLink(link: SignInLinkRecord): Promise<void>;
  findLink(tokenHash: string): Promise<SignInLinkRecord | undefined>;
  /**
   * Marks the link used if it is unused and unexpired at `at`, in one conditional update: of two
   * concurrent uses exactly one wins. The email it signs in; undefined when it could not be used.
   */
  useLink(tokenHash: string, at: string): Promise<string | undefined>;
  insertSession(session: DashboardSessionRecord): Promise<void>;
  /** The session with this id hash, unless it has expired at `at`. */
  findSession(idHash: string, at: string): Promise<DashboardSessionRecord | undefined>;
  /** Ends the session; true when there was one. */
  deleteSession(idHash: string): Promise<boolean>;
  /** Forgets links and sessions that ended before `before`; how many. */
  purgeExpired(before: string): Promise<number>;
}
