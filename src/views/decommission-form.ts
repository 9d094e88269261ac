import type { View } from '../ports/view-model';

/** The confirmation form for retiring an app: both boxes must be ticked. */
export function decommissionForm(appName: string): View {
  return {
    title: 'Decommission app',
    submitLabel: 'Decommission',
    closeLabel: 'Cancel',
    blocks: [
      {
        type: 'text',
        text: `Retiring "${appName}" removes it from the active registry for good. Confirm what was done:`,
      },
      {
        type: 'input',
        id: 'planCarriedOut',
        label: 'Decommission plan',
        kind: 'checkbox',
        optional: true,
        hint: 'The decommission plan was carried out',
      },
      {
        type: 'input',
        id: 'dataPurged',
        label: 'Data',
        kind: 'checkbox',
        optional: true,
        hint: 'Its data was purged or archived as the plan says',
      },
      { type: 'input', id: 'note', label: 'Note for the audit log', kind: 'textarea', optional: true, maxLength: 1000 },
    ],
  };
}
