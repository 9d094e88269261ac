import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes a policy copy's reminder working hours the whole day, every day, so tests that run the bot on
 * the real clock send digests at whatever hour they run.
 */
export function alwaysWorking(dir: string): void {
  const file = join(dir, 'policy.yaml');
  const text = readFileSync(file, 'utf8')
    .replace(/workingHours: "[^"]*"/, 'workingHours: "00:00-24:00"')
    .replace(/workingDays: \[[^\]]*\]/, 'workingDays: [mon, tue, wed, thu, fri, sat, sun]');
  if (!text.includes('"00:00-24:00"') || !text.includes('sat, sun'))
    throw new Error('policy.yaml has no reminders timings to widen');
  writeFileSync(file, text);
}
