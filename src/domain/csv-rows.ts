/** One CSV record: its cells and the file line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Splits CSV text (RFC 4180: commas, double-quoted cells with `""` for a quote, CRLF or LF line ends,
 * an optional byte-order mark) into records. Blank lines are skipped. Throws a `SyntaxError` naming the
 * line of a quote left open.
 */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '') records.push({ line: start, cells });
    cells = [];
    cell = '';
    start = line;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRecord();
    } else cell += c;
  }
  if (quoted) throw new SyntaxError(`a quoted cell that starts on line ${start} is never closed`);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}
