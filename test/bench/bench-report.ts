/**
 * The one table `npm run bench` prints (and writes as JSON): one row per figure, with the
 * baseline measured in the same run, their ratio, the target and whether it was met.
 */
export interface BenchRow {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  /** Baseline measured in the same run (null when the figure has none). */
  baseline: number | null;
  /** value / baseline (null without a baseline). */
  ratio: number | null;
  /** The target in words, e.g. "≥ 0.5 × pgbench", "< 50 ms", "= 1". Empty: reported only. */
  target: string;
  /** Whether the target was met (null when there is no target). */
  met: boolean | null;
}

export function row(
  scenario: string,
  figure: string,
  value: number,
  unit: string,
  opts: { baseline?: number | null; target?: string; met?: boolean | null } = {},
): BenchRow {
  const baseline = opts.baseline ?? null;
  const ratio = baseline ? round(value / baseline, 3) : null;
  return { scenario, figure, value: round(value, 2), unit, baseline: baseline === null ? null : round(baseline, 2), ratio, target: opts.target ?? '', met: opts.met ?? null };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function fmt(n: number | null): string {
  if (n === null) return '';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en');
  return String(n);
}

/** Renders the rows as one aligned text table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['scenario', 'figure', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [r.scenario, r.figure, fmt(r.value), r.unit, fmt(r.baseline), r.ratio === null ? '' : r.ratio.toFixed(2), r.target, r.met === null ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const numeric = new Set([2, 4, 5]);
  const line = (c: string[]) => c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
