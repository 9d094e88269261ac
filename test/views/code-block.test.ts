import { toMessage } from '../../adapters/slack/block-kit';
import { toAdaptiveCard } from '../../adapters/teams/adaptive-card';
import { plainText } from '../../src/views/plain-text';
import { checkpointMessage } from '../../src/views/checkpoint-message';

const note =
  'acme.example.com/microapp-audit\n1204\nKZ3r+ab/cd==\n\n\u2014 acme.example.com/microapp-audit Az3n1y+/=\n';

test('a checkpoint post names the count in plain words and carries the note as text to copy on every platform', () => {
  const view = checkpointMessage({ size: 12_345, note });
  expect(view.title).toBe('Audit log checkpoint: 12,345 events');
  expect(checkpointMessage({ size: 1, note }).title).toBe('Audit log checkpoint: 1 event');
  expect(plainText(view)).toContain(note.trimEnd());
  const slack = toMessage(view).blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '');
  expect(slack).toContain(`\`\`\`${note.trimEnd()}\`\`\``);
  const code = toAdaptiveCard(view).body.find((e) => e.type === 'CodeBlock')!;
  expect(code).toEqual({
    type: 'CodeBlock',
    codeSnippet: note.trimEnd(),
    language: 'PlainText',
    fallback: { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: note.trimEnd(), fontType: 'monospace' }] },
  });
});

test('Slack code blocks go through the one escaping path, and long text goes on in the next section at a line break', () => {
  const text = `<!channel> & <@U123>\n${Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(10)}`).join('\n')}`;
  const blocks = toMessage({ title: 't', blocks: [{ type: 'code', text }] }).blocks.slice(1) as {
    type: string;
    text: { type: string; text: string; verbatim: boolean };
  }[];
  expect(blocks.length).toBeGreaterThan(1);
  for (const b of blocks) {
    expect(b).toMatchObject({ type: 'section', text: { type: 'mrkdwn', verbatim: true } });
    expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(b.text.text).toMatch(/^```[^`]*```$/);
  }
  expect(blocks[0]!.text.text.startsWith('```&lt;!channel&gt; &amp; &lt;@U123&gt;\nline 0 ')).toBe(true);
  const copied = blocks
    .map((b) => b.text.text.slice(3, -3))
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  expect(copied).toBe(text);
});
