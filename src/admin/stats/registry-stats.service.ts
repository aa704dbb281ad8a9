import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ParameterRangeError, ParameterSyntaxError } from '../../common/registry-errors';

export const STAT_METRICS = ['registrations', 'renewals', 'deletions', 'transfers'] as const;
export type StatMetric = (typeof STAT_METRICS)[number];
export type Granularity = 'day' | 'month';

export interface StatsPeriod {
  from: Date;
  /** Exclusive. */
  to: Date;
  granularity: Granularity;
}

export interface RegistryStats {
  period: StatsPeriod;
  /** Every bucket of the period (empty ones too), with a count per metric. */
  series: Array<{ bucket: string } & Record<StatMetric, number>>;
  byZone: Array<{ key: string } & Record<StatMetric, number>>;
  byRegistrar: Array<{ key: string } & Record<StatMetric, number>>;
  totals: Record<StatMetric, number>;
  /** Disputes closed in the period, by result (outcome, or why they closed without one), with durations in days. */
  disputes: { available: boolean; byResult: Array<{ key: string; count: number; medianDays: number; maxDays: number }> };
}

/**
 * The events counted, one row each (what, when, zone, registrar), from the sources of truth:
 * registrations and renewals = the create, renew and auto-renew charges in the ledger (every
 * create and renew writes one, even at price 0, by the registrar that made it — a later transfer
 * does not move past registrations);
 * deletions = domain.delete and domain.expired history rows; transfers = approved transfers
 * (by the registrar that gained the domain). Nothing personal is selected.
 */
const EVENTS_SQL = `
  SELECT CASE WHEN l.kind = 'create' THEN 'registrations' ELSE 'renewals' END AS metric, l.created_at AS at, d.zone, l.registrar_id
    FROM ledger_entries l JOIN domains d ON d.id = l.domain_id
    WHERE l.kind IN ('create', 'renew', 'auto_renew') AND l.created_at >= $1 AND l.created_at < $2
  UNION ALL
  SELECT 'deletions', h.created_at, d.zone, d.registrar_id FROM history h
    JOIN domains d ON d.id = (CASE WHEN h.object_id ~ '^[0-9]{1,18}$' THEN h.object_id::bigint END)
    WHERE h.object_type = 'domain' AND h.action IN ('domain.delete', 'domain.expired') AND h.created_at >= $1 AND h.created_at < $2
  UNION ALL
  SELECT 'transfers', t.acted_at, d.zone, t.gaining_registrar FROM domain_transfers t JOIN domains d ON d.id = t.domain_id
    WHERE t.status IN ('clientApproved', 'serverApproved') AND t.acted_at >= $1 AND t.acted_at < $2`;

function day(text: string): Date | null {
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(text)) return null;
  const full = text.length === 7 ? `${text}-01` : text;
  const d = new Date(`${full}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== full ? null : d;
}

function bucketsOf(p: StatsPeriod): string[] {
  const out: string[] = [];
  const d = new Date(p.from.getTime());
  if (p.granularity === 'month') d.setUTCDate(1);
  while (d < p.to) {
    out.push(p.granularity === 'day' ? d.toISOString().slice(0, 10) : d.toISOString().slice(0, 7));
    if (p.granularity === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

const zero = (): Record<StatMetric, number> => ({ registrations: 0, renewals: 0, deletions: 0, transfers: 0 });

/** Registry statistics for the console and the public summary page: counts only, UTC buckets. */
@Injectable()
export class RegistryStatsService {
  private readonly logger = new Logger(RegistryStatsService.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The period from query parameters: `from`/`to` as YYYY-MM-DD (month view: YYYY-MM also), both
   * inclusive; defaults end today and go back 30 days (day) or 12 months (month). At most 400
   * days by day, 10 years by month. Errors: 2005 (dates), 2004 (range).
   */
  period(now: Date, q: { from?: unknown; to?: unknown; granularity?: unknown }): StatsPeriod {
    const granularity: Granularity = q.granularity === 'month' ? 'month' : 'day';
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
    const toText = str(q.to);
    const last = toText ? day(toText) : today;
    if (!last) throw new ParameterSyntaxError('Dates as YYYY-MM-DD', { reason: 'date', value: toText ?? '' });
    let to = new Date(last.getTime());
    if (granularity === 'month') {
      if (toText && toText.length === 7) to.setUTCMonth(to.getUTCMonth() + 1);
      else to = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1));
    } else to.setUTCDate(to.getUTCDate() + 1);
    const fromText = str(q.from);
    let from = fromText ? day(fromText) : null;
    if (fromText && !from) throw new ParameterSyntaxError('Dates as YYYY-MM-DD', { reason: 'date', value: fromText });
    if (!from) from = granularity === 'day' ? new Date(to.getTime() - 30 * 86_400_000) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    if (granularity === 'month') from = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    const days = (to.getTime() - from.getTime()) / 86_400_000;
    if (days < 1 || days > (granularity === 'day' ? 400 : 3660)) throw new ParameterRangeError('Period: 1 to 400 days by day, up to 10 years by month', { reason: 'period' });
    return { from, to, granularity };
  }

  async compute(p: StatsPeriod): Promise<RegistryStats> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const trunc = p.granularity === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
      const rows: Array<{ metric: StatMetric; bucket: string; zone: string; registrar_id: string; n: string }> = await m.query(
        `SELECT metric, to_char(at AT TIME ZONE 'UTC', '${trunc}') AS bucket, zone, registrar_id, count(*) AS n
         FROM (${EVENTS_SQL}) e GROUP BY 1, 2, 3, 4`,
        [p.from, p.to],
      );
      const series = new Map(bucketsOf(p).map((b) => [b, { bucket: b, ...zero() }]));
      const byZone = new Map<string, { key: string } & Record<StatMetric, number>>();
      const byRegistrar = new Map<string, { key: string } & Record<StatMetric, number>>();
      const totals = zero();
      for (const r of rows) {
        const n = Number(r.n);
        const s = series.get(r.bucket);
        if (s) s[r.metric] += n;
        const z = byZone.get(r.zone) ?? { key: r.zone, ...zero() };
        z[r.metric] += n;
        byZone.set(r.zone, z);
        const g = byRegistrar.get(r.registrar_id) ?? { key: r.registrar_id, ...zero() };
        g[r.metric] += n;
        byRegistrar.set(r.registrar_id, g);
        totals[r.metric] += n;
      }
      const order = (a: { key: string } & Record<StatMetric, number>, b: { key: string } & Record<StatMetric, number>) => b.registrations - a.registrations || a.key.localeCompare(b.key);
      return {
        period: p,
        series: [...series.values()],
        byZone: [...byZone.values()].sort(order),
        byRegistrar: [...byRegistrar.values()].sort(order),
        totals,
        disputes: await this.disputes(m, p),
      };
    });
  }

  /** Closed disputes by result and duration; empty (available: false) when the disputes tables are not there. */
  private async disputes(m: EntityManager, p: StatsPeriod): Promise<RegistryStats['disputes']> {
    const exists = await m.query(`SELECT to_regclass('disputes') IS NOT NULL AS ok`);
    if (!exists[0]?.ok) return { available: false, byResult: [] };
    await m.query('SAVEPOINT dispute_stats');
    try {
      const rows: Array<{ result: string; n: string; median_days: string; max_days: string }> = await m.query(
        `SELECT coalesce(outcome, closed_reason, 'other') AS result, count(*) AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - filed_at) / 86400) AS median_days,
                max(extract(epoch FROM closed_at - filed_at) / 86400) AS max_days
         FROM disputes WHERE closed_at >= $1 AND closed_at < $2 GROUP BY 1 ORDER BY 2 DESC, 1`,
        [p.from, p.to],
      );
      await m.query('RELEASE SAVEPOINT dispute_stats');
      return { available: true, byResult: rows.map((r) => ({ key: r.result, count: Number(r.n), medianDays: Math.round(Number(r.median_days) * 10) / 10, maxDays: Math.round(Number(r.max_days) * 10) / 10 })) };
    } catch (error) {
      // The disputes schema is another module's; a change there must not take the statistics down.
      await m.query('ROLLBACK TO SAVEPOINT dispute_stats');
      this.logger.warn({ err: error }, 'dispute statistics unavailable');
      return { available: false, byResult: [] };
    }
  }
}
