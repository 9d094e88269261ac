import type { Viewer } from '../viewer';

/** What every view needs to word its figures for one viewer. */
export interface PageContext {
  viewer: Viewer;
  /** The IANA zone dates are written in (the viewer's, else the bot's). */
  zone: string;
  /** A person as the page names them: name and email, never a raw platform ref. */
  person: (ref: string | undefined) => string;
}

/** Hours as people read a duration: "40 minutes", "5.5 hours", "3.2 days". */
export function duration(hours: number | undefined): string {
  if (hours === undefined) return '-';
  if (hours < 1) return `${Math.round(hours * 60)} minutes`;
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** A share as a percentage: "42%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The link to an app's page. */
export function appHref(appId: string): string {
  return `/dashboard/apps/${encodeURIComponent(appId)}`;
}
