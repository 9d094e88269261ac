import type { SafeHtml } from '../html';
import { escapeHtml, trustedHtml } from '../html';

const ROW = 32;
const LABEL_WIDTH = 230;
const BAR_WIDTH = 280;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 70;

/**
 * A horizontal bar chart drawn on the server as SVG: one bar per label, its value written at its
 * end, a <title> and an aria-label that say what it shows. The same numbers are always in the table
 * next to it; the chart is a picture of them.
 */
export function barChart(title: string, bars: readonly { label: string; value: number }[]): SafeHtml {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  const rows = bars
    .map((b, i) => {
      const y = 4 + i * ROW;
      const w = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * BAR_WIDTH));
      return (
        `<text x="${LABEL_WIDTH - 8}" y="${y + 21}" text-anchor="end" class="chart-label">${escapeHtml(clip(b.label))}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${w}" height="${ROW - 10}" class="chart-bar"></rect>` +
        `<text x="${LABEL_WIDTH + w + 6}" y="${y + 21}" class="chart-value">${escapeHtml(b.value.toLocaleString('en-GB'))}</text>`
      );
    })
    .join('');
  const label = escapeHtml(`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`);
  return trustedHtml(
    `<svg class="chart" role="img" aria-label="${label}" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="xMinYMin meet"><title>${escapeHtml(title)}</title>${rows}</svg>`,
  );
}
