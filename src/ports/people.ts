/** Someone the bot knows, across platforms. */
export interface Person {
  id: string;
  /** User refs on each platform, like `slack:U012AB3CD`. */
  refs: string[];
  email?: string;
  displayName?: string;
  timeZone?: string;
  /** Working hours in their time zone, when known ("09:00-17:00"). */
  workingHours?: string;
  active: boolean;
  lastSeenAt?: string;
  /** When the platform last told us about them. */
  refreshedAt: string;
  /** When their account was first seen deactivated (their apps are ownerless from then). */
  deactivatedAt?: string;
}

/** What a platform or an inbound request says about a person. */
export interface PersonFacts {
  ref: string;
  email?: string;
  displayName?: string;
  timeZone?: string;
  active: boolean;
  /** Set when the facts come from the person's own request. */
  seenAt?: string;
}

/** What the directory knows of a reminder's recipient: who they are across platforms, and when to reach them. */
export interface RecipientProfile {
  /** The directory's person id, so one person's refs and email share one digest. */
  personId?: string;
  /** The platform the person is known on, when known. */
  platform?: string;
  /** Their time zone, when known. */
  timeZone?: string;
  /** Their working hours in that time zone, when known. */
  workingHours?: string;
}

/** The people directory's storage: one record per person, found by any of their refs or their email. */
export interface PeopleStore {
  /** The person with this user ref or email. */
  find(refOrEmail: string): Promise<Person | undefined>;
  /** The people these user refs and emails name, keyed as given; unknown ones are absent. A few statements for the whole list. */
  findMany(refsOrEmails: string[]): Promise<Map<string, Person>>;
  /** The people whose display name is `name`, ignoring case. */
  named(name: string): Promise<Person[]>;
  /** Records facts: merges into the person known by the email (or, failing that, the ref), folding the two into one when they differ, or adds one. */
  remember(facts: PersonFacts, at: string): Promise<Person>;
  /** Marks the person with this ref or email as gone (an admin's word); an unknown email gets a record. Undefined for an unknown ref. */
  deactivate(refOrEmail: string, at: string): Promise<Person | undefined>;
  /** What the directory knows of these recipients (refs or emails); an unknown recipient maps to an empty profile. */
  profiles(recipients: string[]): Promise<Map<string, RecipientProfile>>;
}
