/** Something went wrong with an app: reported by anyone, acknowledged by security, closed by its root-cause analysis. */
export interface Incident {
  id: string;
  appId: string;
  summary: string;
  /** A user ref (or `cli:<user>`). */
  openedBy: string;
  openedAt: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedBy?: string;
  resolvedAt?: string;
}
