import type { Assessment } from './assessment';
import type { Manifest } from './manifest';
import { rank } from './registration-answers';
import { AUDIENCES, optionLabel } from './manifest-vocabulary';

/**
 * What in a change to an approved app needs a new review, in plain words: data classification up,
 * a new system or more access to one, a wider audience, new kinds of data, new AI use, or a higher
 * risk tier. Empty when the change can be recorded without a review.
 */
export function materialChanges(
  before: Manifest,
  after: Manifest,
  was: Assessment,
  now: Assessment,
  systemName: (id: string) => string = (id) => id,
): string[] {
  const changes: string[] = [];
  if (rank(after.dataClassification) > rank(before.dataClassification)) {
    changes.push(
      `Data goes from ${optionLabel(before.dataClassification)} to ${optionLabel(after.dataClassification)}`,
    );
  }
  for (const i of after.integrations) {
    const old = before.integrations.find((b) => b.system.toLowerCase() === i.system.toLowerCase());
    if (!old) changes.push(`New system: ${systemName(i.system)}`);
    else if (i.access === 'write' && old.access !== 'write') changes.push(`${systemName(i.system)}: now changes data`);
    else if (i.requiresSecret && !old.requiresSecret)
      changes.push(`${systemName(i.system)}: now needs a password or key`);
  }
  if (AUDIENCES.indexOf(after.audience) > AUDIENCES.indexOf(before.audience)) {
    changes.push(`Used by ${optionLabel(after.audience)} instead of ${optionLabel(before.audience)}`);
  }
  const newTypes = after.dataTypes.filter((t) => !before.dataTypes.includes(t));
  if (newTypes.length > 0) changes.push(`New kinds of data: ${newTypes.map(optionLabel).join(', ')}`);
  if (after.usesAI && !before.usesAI) changes.push('Now uses AI');
  if (after.aiOutputsExternal && !before.aiOutputsExternal) changes.push('AI output now reaches people outside');
  if (before.humanReviewOfOutputs && !after.humanReviewOfOutputs && after.aiOutputsExternal)
    changes.push('Nobody checks AI output first any more');
  if (now.tier > was.tier) changes.push(`Risk goes from tier ${was.tier} to tier ${now.tier}`);
  return changes;
}
