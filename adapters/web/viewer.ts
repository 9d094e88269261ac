import type { IncomingMessage } from 'node:http';

/** The signed-in person a dashboard page is drawn for. */
export interface Viewer {
  /** The email the person signed in as (lower case). */
  email: string;
  /** Their name as the people directory knows it, else the email. */
  name: string;
  /** Every ref that names this person in the registry (their email, `slack:U…`, `teams:…`): what "my apps" matches. */
  refs: string[];
  /** Admins and holders of any reviewer role see every app; anyone else only the apps they own, back up or submitted. */
  seesAll: boolean;
  /** The session's token for forms (sign-out): a POST without it is refused. */
  csrfToken: string;
}

/** Finds the signed-in person of a request from its session cookie; undefined without a valid session. */
export type ViewerOf = (req: IncomingMessage) => Promise<Viewer | undefined>;
