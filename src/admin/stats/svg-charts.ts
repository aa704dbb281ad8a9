/**
 * Server-side SVG charts with no script and no styles (presentation attributes only, so the
 * pages' strict CSP holds). Each chart is `role="img"` with a <title> and <desc> naming what it
 * shows, every bar carries its own <title> (label and value), and the pages put a data table next
 * to every chart for screen readers and for copying.
 */

function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A "nice" axis maximum ≥ max: 1, 2, 5 × 10^n. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((m) => m * p >= max) ?? 10) * p;
}

export interface ChartText {
  id: string;
  title: string;
  desc: string;
}

/** Vertical bars over time (one bar per bucket), y axis from 0, a few x labels. */
export function columnChart(c: ChartText & { labels: string[]; values: number[]; color?: string }): string {
  const W = 420;
  const H = 200;
  const left = 40;
  const bottom = 28;
  const top = 12;
  const plotW = W - left - 28;
  const plotH = H - top - bottom;
  // Counts: an empty chart still gets a whole-number axis (0, 1, 2).
  const max = niceMax(Math.max(2, ...c.values));
  const n = Math.max(1, c.values.length);
  const slot = plotW / n;
  const bar = Math.max(1, slot * 0.8);
  const every = Math.max(1, Math.ceil(n / 4));
  const parts: string[] = [];
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH - f * plotH;
    parts.push(`<line x1="${left}" y1="${y.toFixed(1)}" x2="${left + plotW}" y2="${y.toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 4}" y="${(y + 4).toFixed(1)}" font-size="12" text-anchor="end" fill="#333">${esc(Number((max * f).toFixed(1)))}</text>`);
  }
  c.values.forEach((v, i) => {
    const h = (v / max) * plotH;
    const x = left + i * slot + (slot - bar) / 2;
    parts.push(`<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${c.color ?? '#2a6ebb'}"><title>${esc(c.labels[i])}: ${esc(v)}</title></rect>`);
    if (i % every === 0) parts.push(`<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${H - 10}" font-size="11" text-anchor="middle" fill="#333">${esc(c.labels[i])}</text>`);
  });
  return svg(c, W, H, parts);
}

/** Horizontal bars, one per category (zones, registrars, outcomes), values written at the bar's end. */
export function barChart(c: ChartText & { rows: Array<{ label: string; value: number }>; color?: string; unit?: string }): string {
  const W = 640;
  const rowH = 22;
  const left = 150;
  const H = Math.max(1, c.rows.length) * rowH + 10;
  const max = niceMax(Math.max(0, ...c.rows.map((r) => r.value)));
  const plotW = W - left - 70;
  const parts: string[] = [];
  c.rows.forEach((r, i) => {
    const y = 5 + i * rowH;
    const w = (r.value / max) * plotW;
    parts.push(`<text x="${left - 6}" y="${y + 15}" font-size="12" text-anchor="end" fill="#333">${esc(r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${c.color ?? '#2a6ebb'}"><title>${esc(r.label)}: ${esc(r.value)}${c.unit ? ` ${esc(c.unit)}` : ''}</title></rect>`);
    parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + 15}" font-size="12" fill="#333">${esc(r.value)}</text>`);
  });
  return svg(c, W, H, parts);
}

function svg(c: ChartText, W: number, H: number, parts: string[]): string {
  return `<svg class="chart" role="img" aria-labelledby="${esc(c.id)}-t ${esc(c.id)}-d" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">`
    + `<title id="${esc(c.id)}-t">${esc(c.title)}</title><desc id="${esc(c.id)}-d">${esc(c.desc)}</desc>${parts.join('')}</svg>`;
}
