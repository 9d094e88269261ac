import type { Incident } from '../domain/incident';

/** Incidents, read and written inside a registry transaction. */
export interface IncidentLog {
  insert(incident: Incident): Promise<void>;
  find(id: string): Promise<Incident | undefined>;
  /** Incidents without a recorded root cause, oldest first. */
  open(): Promise<Incident[]>;
  /** Records the acknowledgement unless someone already did; false then. */
  acknowledge(id: string, by: string, at: string): Promise<boolean>;
  /** Records the root-cause analysis unless already recorded; false then. */
  resolve(id: string, by: string, at: string): Promise<boolean>;
}
