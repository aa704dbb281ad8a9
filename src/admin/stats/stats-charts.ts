import type { AdminTranslate } from '../admin-i18n';
import { STAT_METRICS, type RegistryStats, type StatMetric } from './registry-stats.service';
import { barChart, columnChart } from './svg-charts';

const COLORS: Record<StatMetric, string> = { registrations: '#2a6ebb', renewals: '#1b7f3b', deletions: '#b3261e', transfers: '#8a5a00' };

export interface StatsView {
  stats: RegistryStats;
  metrics: readonly StatMetric[];
  /** SVG per chart, ready to insert unescaped (every text inside is escaped). */
  charts: { series: Record<StatMetric, string>; byZone: string; byRegistrar: string; disputes: string; disputeDays: string };
  fromDay: string;
  toDay: string;
}

/** The charts of the statistics pages (console and public) for one result. */
export function statsView(stats: RegistryStats, t: AdminTranslate): StatsView {
  const fromDay = stats.period.from.toISOString().slice(0, 10);
  const toDay = new Date(stats.period.to.getTime() - 86_400_000).toISOString().slice(0, 10);
  const range = `${fromDay} – ${toDay}`;
  const series = Object.fromEntries(STAT_METRICS.map((m) => [m, columnChart({
    id: `chart-${m}`,
    title: t(`stats.metric.${m}`),
    desc: t('stats.seriesDesc', { metric: t(`stats.metric.${m}`), range, total: stats.totals[m] }),
    labels: stats.series.map((s) => s.bucket),
    values: stats.series.map((s) => s[m]),
    color: COLORS[m],
  })])) as Record<StatMetric, string>;
  const byZone = barChart({ id: 'chart-zones', title: t('stats.byZone'), desc: t('stats.byDesc', { range }), rows: stats.byZone.map((z) => ({ label: `.${z.key}`, value: z.registrations })) });
  const byRegistrar = barChart({ id: 'chart-registrars', title: t('stats.byRegistrar'), desc: t('stats.byDesc', { range }), rows: stats.byRegistrar.map((r) => ({ label: r.key, value: r.registrations })), color: '#5b3fa0' });
  const outcome = (k: string) => t(`stats.outcome.${k}`);
  const disputes = barChart({ id: 'chart-disputes', title: t('stats.disputes'), desc: t('stats.disputesDesc', { range }), rows: stats.disputes.byResult.map((d) => ({ label: outcome(d.key), value: d.count })), color: '#8a5a00' });
  const disputeDays = barChart({ id: 'chart-dispute-days', title: t('stats.disputeDays'), desc: t('stats.disputeDaysDesc', { range }), rows: stats.disputes.byResult.map((d) => ({ label: outcome(d.key), value: d.medianDays })), color: '#555', unit: t('stats.days') });
  return { stats, metrics: STAT_METRICS, charts: { series, byZone, byRegistrar, disputes, disputeDays }, fromDay, toDay };
}
