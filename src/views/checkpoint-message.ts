import type { View } from '../ports/view-model';

const COUNT = new Intl.NumberFormat('en-US');

/**
 * A new audit log checkpoint as a channel post: how many events it covers, the signed note
 * verbatim as text to copy, and how to check the log against it.
 */
export function checkpointMessage(checkpoint: { size: number; note: string }): View {
  const events = `${COUNT.format(checkpoint.size)} event${checkpoint.size === 1 ? '' : 's'}`;
  return {
    title: `Audit log checkpoint: ${events}`,
    blocks: [
      {
        type: 'text',
        text: `The bot signed the audit log as it stood at ${events}. Keeping this message here means a later change to those events can be caught.`,
      },
      { type: 'code', text: checkpoint.note },
      {
        type: 'context',
        text: 'To check the log against it: save the text above in a file, then run microapp audit verify --checkpoint FILE where the bot runs.',
      },
    ],
  };
}
