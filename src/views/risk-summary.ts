import type { Assessment } from '../domain/assessment';
import { optionLabel } from '../domain/manifest-fields';
import type { Block, View } from './view-model';
import { DECISION_WORDS, TIER_NAMES, approvalsWording } from './wording';

/** The assessment explained to the owner: tier, every reason with its fix, and what happens next. */
export function riskSummary(appName: string, a: Assessment): View {
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { label: 'Risk', value: TIER_NAMES[a.tier]! },
        { label: 'Score', value: `${a.score} of 10` },
        { label: 'Outcome', value: DECISION_WORDS[a.decision] },
      ],
    },
  ];
  if (a.reasons.length > 0) {
    blocks.push({
      type: 'text',
      text: 'Why:',
      items: a.reasons.map((r) => `${r.message} Fix: ${r.fix}${r.points ? ` (+${r.points})` : ''}`),
    });
  } else {
    blocks.push({ type: 'text', text: 'Nothing in this registration raises the risk.' });
  }
  if (a.requiredControls.length > 0) {
    blocks.push({ type: 'text', text: 'Controls you attest to:', items: a.requiredControls.map(optionLabel) });
  }
  blocks.push({ type: 'text', text: nextStep(a), tone: a.decision === 'prohibited' ? 'danger' : a.decision === 'review' ? 'warning' : 'good' });
  blocks.push({ type: 'context', text: `Policy ${a.policyVersion}` });
  return { title: `Risk assessment: ${appName}`, blocks };
}

function nextStep(a: Assessment): string {
  switch (a.decision) {
    case 'auto_approve':
      return 'Approved: you can use it now. We will remind you to re-certify it before the approval runs out.';
    case 'review':
      return `Next: ${approvalsWording(a.requiredApprovals)}. Reviewers have been asked, and you will get a message when they decide.`;
    case 'prohibited':
      return `This use is not allowed for citizen-built apps. Apply the fix above and register again, or talk to ${a.contact ?? 'your platform team'}.`;
  }
}
