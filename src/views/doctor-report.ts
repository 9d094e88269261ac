import type { Finding } from '../domain/finding';
import { plural } from './wording';

/** One finding as a reader sees it: what is wrong, then the fix on its own line. */
export function findingText(finding: Finding): string {
  return `${finding.check}: ${finding.problem}\n  Fix: ${finding.fix}`;
}

/** The doctor's one-line summary: clean, or how many findings of which kind; with the checks that could not run. */
export function doctorSummary(findings: Finding[], skipped: string[] = []): string {
  const notRun = skipped.length > 0 ? ` Not checked: ${skipped.join('; ')}.` : '';
  if (findings.length === 0) return `microapp doctor: no findings.${notRun}`;
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.check, (counts.get(f.check) ?? 0) + 1);
  const kinds = [...counts].map(([check, n]) => `${check} ${n}`).join(', ');
  return `microapp doctor: ${plural(findings.length, 'finding')} (${kinds}).${notRun}`;
}
