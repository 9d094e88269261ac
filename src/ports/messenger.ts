import type { View } from '../views/view-model';

/** Where a posted message lives, so it can be updated later. */
export interface MessageRef {
  platform: 'slack' | 'teams';
  channel: string;
  id: string;
}

/** Sends neutral views on one chat platform. */
export interface Messenger {
  readonly platform: 'slack' | 'teams';
  /** Posts to a channel (a reviewer destination) and returns where it landed. */
  post(channel: string, view: View): Promise<MessageRef>;
  /** Replaces a posted message in place. */
  update(ref: MessageRef, view: View): Promise<void>;
  /** Sends a direct message to a person (a user ref or email this platform can resolve). */
  sendToUser(userRef: string, view: View): Promise<void>;
  /** The person's display name, if this platform knows them. */
  displayName(userRef: string): Promise<string | undefined>;
}
