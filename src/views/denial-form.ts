import type { View } from '../ports/view-model';

/** The small form a reviewer fills in to deny: the reason goes to the owner. */
export function denialForm(appName: string): View {
  return {
    title: 'Deny this app',
    submitLabel: 'Deny',
    closeLabel: 'Cancel',
    blocks: [
      { type: 'text', text: `Why are you denying "${appName}"? The owner sees this, so say what they should change.` },
      { type: 'input', id: 'reason', label: 'Reason', kind: 'textarea', optional: false, maxLength: 1000 },
    ],
  };
}
