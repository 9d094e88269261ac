/**
 * An estimate of how tall Slack's desktop client draws a message's blocks, in CSS pixels, for a
 * message pane of a given width. It models what decides the height: lines of wrapped text (Lato
 * 15 px on 22 px lines; headers 18 px bold on 26 px; context 13 px on 18 px), two-column fields,
 * 36 px buttons, the sender line and the gaps between blocks. Widths of characters are averages,
 * so it is a guide (±10 %), not a measurement; `bench/card-pictures.ts` draws the real thing.
 */
export function slackCardHeight(blocks: readonly Record<string, unknown>[], paneWidth: number): number {
  const content = paneWidth - CHROME_WIDTH;
  let height = SENDER_LINE;
  for (const block of blocks) height += BLOCK_GAP + blockHeight(block, content);
  return Math.round(height + MESSAGE_PADDING);
}

/** The pane's left and right padding plus the avatar column beside the message. */
const CHROME_WIDTH = 20 + 36 + 8 + 20;
/** The sender's name and the time above the first block. */
const SENDER_LINE = 22;
/** The padding above and below a message. */
const MESSAGE_PADDING = 16;
/** The space Slack leaves between two blocks. */
const BLOCK_GAP = 8;

const BODY = { charWidth: 7.3, lineHeight: 22 };
const BOLD = { charWidth: 7.9, lineHeight: 22 };
const HEADER = { charWidth: 9.6, lineHeight: 26 };
const SMALL = { charWidth: 6.3, lineHeight: 18 };

type Font = typeof BODY;

function blockHeight(block: Record<string, unknown>, width: number): number {
  switch (block.type) {
    case 'header':
      return lines(textOf(block.text), width, HEADER) * HEADER.lineHeight;
    case 'section': {
      const text = block.text ? lines(textOf(block.text), width, BODY) * BODY.lineHeight : 0;
      const fields = (block.fields as { text: string }[] | undefined) ?? [];
      let rows = 0;
      const column = (width - 16) / 2;
      for (let i = 0; i < fields.length; i += 2) {
        const pair = fields.slice(i, i + 2).map((f) => fieldHeight(f.text, column));
        rows += Math.max(...pair) + (i > 0 ? 8 : 0);
      }
      return text + (text && rows ? 8 : 0) + rows;
    }
    case 'context':
      return (block.elements as { text: string }[]).reduce(
        (h, e) => h + lines(e.text, width, SMALL) * SMALL.lineHeight,
        0,
      );
    case 'actions':
      return 36;
    case 'divider':
      return 1;
    default:
      return BODY.lineHeight;
  }
}

/** A field: a bold first line (the label, when marked up as `*label*`) and the value below. */
function fieldHeight(text: string, width: number): number {
  const [first = '', ...rest] = text.split('\n');
  const bold = /^\*[^*]+\*$/.test(first);
  const head = lines(bold ? first.slice(1, -1) : first, width, bold ? BOLD : BODY) * BODY.lineHeight;
  return head + rest.reduce((h, line) => h + lines(line, width, BODY) * BODY.lineHeight, 0);
}

function textOf(text: unknown): string {
  return (text as { text: string }).text;
}

/** How many lines `text` takes in `width` pixels, wrapping at spaces; every `\n` starts a line. */
function lines(text: string, width: number, font: Font): number {
  const perLine = Math.max(1, Math.floor(width / font.charWidth));
  let count = 0;
  for (const paragraph of unescaped(text).split('\n')) {
    let used = 0;
    count += 1;
    for (const word of paragraph.split(' ')) {
      const needs = used === 0 ? word.length : used + 1 + word.length;
      if (needs <= perLine) used = needs;
      else {
        count += Math.max(1, Math.ceil(word.length / perLine)) - (used === 0 ? 1 : 0);
        used = word.length % perLine || perLine;
      }
    }
  }
  return count;
}

function unescaped(text: string): string {
  return shownDates(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const SHORT_DATE = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * Slack's date tokens (`<!date^unix^{date_short_pretty}|fallback>`) as a reader sees them, here in
 * UTC: "Nov 21, 2026" (Slack writes "today", "yesterday" or "tomorrow" when the day is one of those).
 */
export function shownDates(mrkdwn: string): string {
  return mrkdwn.replace(/<!date\^(\d+)\^[^|>]*\|[^>]*>/g, (_, unix: string) =>
    SHORT_DATE.format(new Date(Number(unix) * 1000)),
  );
}
