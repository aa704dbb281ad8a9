import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ParameterRangeError, ParameterSyntaxError } from '../../common/registry-errors';
import { RegistrarRepository, type LedgerEntry } from '../../registry/registrars/registrar.repository';
import { formatAzn } from '../../registry/zones/zone.types';

export interface Statement {
  registrarId: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  opening: number;
  closing: number;
  entries: LedgerEntry[];
  /** Sum of amounts per ledger kind in the period (credits positive, charges negative). */
  totals: Array<{ kind: string; amount: number; count: number }>;
}

/** `YYYY-MM-DD` (a UTC day) → its start; null when absent or malformed. */
export function parseDay(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : d;
}

function csvCell(v: string): string {
  // Quote everything; neutralise formulas for spreadsheet programs (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * A registrar's account statement for a period of UTC days: opening balance (the ledger's sum
 * before the period), every entry, totals per kind, closing balance (opening + entries). Read from
 * the append-only ledger only, so it always agrees with the balance.
 */
@Injectable()
export class RegistrarStatements {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrars: RegistrarRepository,
  ) {}

  async build(registrarId: string, fromDay: string, toDay: string): Promise<Statement> {
    const from = parseDay(fromDay);
    const last = parseDay(toDay);
    if (!from || !last) throw new ParameterSyntaxError('Dates as YYYY-MM-DD', { reason: 'date', value: `${fromDay}..${toDay}` });
    const to = new Date(last.getTime() + 86_400_000);
    if (to <= from || to.getTime() - from.getTime() > 366 * 86_400_000) throw new ParameterRangeError('A period of 1 to 366 days', { reason: 'period' });
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const opening = await this.registrars.balanceAt(m, registrarId, from);
      const entries = await this.registrars.ledgerBetween(m, registrarId, from, to);
      const byKind = new Map<string, { amount: number; count: number }>();
      for (const e of entries) {
        const k = byKind.get(e.kind) ?? { amount: 0, count: 0 };
        k.amount += e.amount;
        k.count += 1;
        byKind.set(e.kind, k);
      }
      const closing = opening + entries.reduce((s, e) => s + e.amount, 0);
      return { registrarId, from, to, opening, closing, entries, totals: [...byKind].map(([kind, v]) => ({ kind, ...v })) };
    });
  }

  csv(s: Statement): string {
    const lines = [['date', 'kind', 'domain', 'years', 'note', 'amount_azn', 'balance_after_azn'].join(',')];
    lines.push(['', 'opening', '', '', `${s.registrarId} ${s.from.toISOString().slice(0, 10)}`, '', formatAzn(s.opening)].map(csvCell).join(','));
    for (const e of s.entries) {
      lines.push([e.createdAt.toISOString(), e.kind, e.domainName ?? '', e.years === null ? '' : String(e.years), e.note, formatAzn(e.amount), formatAzn(e.balanceAfter)].map(csvCell).join(','));
    }
    lines.push(['', 'closing', '', '', new Date(s.to.getTime() - 86_400_000).toISOString().slice(0, 10), '', formatAzn(s.closing)].map(csvCell).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }
}
