import { csvCell } from '../../../src/app/queries/export-apps';
import type { TableSpec } from './page-model';
import { cellText } from './page-model';

/**
 * A table as CSV (RFC 4180, CRLF line ends): the headings, then one line per row. Cells starting
 * with = + - @ (or a tab or return) get a leading ' so a spreadsheet does not run them as formulas.
 */
export function csvText(table: TableSpec): string {
  const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
  return line(table.columns.map((c) => c.label)) + table.rows.map((r) => line(r.map(cellText))).join('');
}
