import type { Assessment, Reason } from '../domain/assessment';
import { day } from './wording';

/**
 * The reasons of an assessment as a reviewer reads them: what the app does that raised its risk,
 * weightiest first, without the owner's advice on how to lower it (that stays in the owner's
 * messages). A reason waived by an exception says until when and what stands in for it. `brief`
 * leaves out what in the manifest made each fire (the card's fields show that).
 */
export function reviewerReasons(a: Assessment, timeZone?: string, brief = false): string[] {
  return [...a.reasons]
    .sort((x, y) => weight(y) - weight(x))
    .map((r) => {
      const about = reviewerFact(r, brief);
      return r.excepted
        ? `${about} (excepted until ${day(r.excepted.until, timeZone)}; instead: ${r.excepted.controls})`
        : about;
    });
}

/** A reason's weight for ordering: its points, or none while an exception waives it. */
function weight(r: Reason): number {
  return r.excepted ? -1 : r.points;
}

/** "Stores Confidential data", "Connects to a system not in the catalog: X (did you mean Y?)". */
function reviewerFact(r: Reason, brief: boolean): string {
  const said = r.message.replace(/\.$/, '').replace(/^This app /, '');
  const sentence = said.charAt(0).toUpperCase() + said.slice(1);
  return r.about?.length && !brief ? `${sentence}: ${r.about.join(', ')}` : sentence;
}
