/** Keys of inbound platform deliveries, kept for a while to spot redeliveries. */
export interface InboundDeliveries {
  /** Records an inbound delivery's key; false when it was already recorded (a redelivery). */
  claim(key: string, at: string): Promise<boolean>;
  /** Forgets delivery keys recorded before `before` (their redelivery window is long past); how many. */
  purge(before: string): Promise<number>;
}
