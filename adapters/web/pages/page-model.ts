import type { SafeHtml } from '../html';

/** One table cell: text (what CSV gets), optionally a link within the dashboard. */
export type Cell = string | number | { text: string; href?: string; numeric?: boolean };

/** A table of a view: drawn as HTML and downloadable as CSV under its `id`. */
export interface TableSpec {
  kind: 'table';
  /** Names the table in its CSV link (`?format=csv&table=<id>`) and the file. */
  id: string;
  caption: string;
  /** Column headings; a numeric column is right-aligned. */
  columns: { label: string; numeric?: boolean }[];
  rows: Cell[][];
  /** Said when there are no rows. */
  empty: string;
  /** Said under the table, e.g. that only the first rows are shown. */
  note?: string;
  /** Optional bar chart of one numeric column, drawn above the table. */
  chart?: { labelColumn: number; valueColumn: number };
}

/** A view's content: its headings, paragraphs and tables, in order. */
export type Section = SafeHtml | TableSpec;

/** A whole view, before the layout wraps it. */
export interface PageModel {
  /** Which nav entry is current, and the file name prefix of its CSV downloads. */
  name: string;
  title: string;
  sections: Section[];
}

/** The text of a cell, as CSV and screen readers get it. */
export function cellText(cell: Cell): string {
  return typeof cell === 'object' ? cell.text : String(cell);
}
