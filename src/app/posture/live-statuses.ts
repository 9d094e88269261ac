import type { AppStatus } from '../../domain/app-record';

/** Apps that may be running: what the estate and hygiene figures count (rejected, prohibited and decommissioned apps are left out). */
export const LIVE_STATUSES: readonly AppStatus[] = ['approved', 'pending_review', 'expired'];
